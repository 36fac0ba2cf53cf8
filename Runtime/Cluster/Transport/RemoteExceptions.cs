using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace ClawChat.Runtime.Cluster.Transport;

/// <summary>Carries exceptions across silos as <see cref="RemoteExceptionInfo"/>. The receiving side recreates
/// the original type when it is loadable and has a public <c>(string message)</c> constructor, otherwise throws
/// <see cref="RemoteGrainException"/>. Types whose callers depend on more than the message register a codec
/// (the Matrix layer does for MatrixException's status and errcode); the runtime's rejection exceptions come
/// registered so their <see cref="RejectionKind"/> survives the trip.</summary>
public static class RemoteExceptions
{
    /// <summary>Type names come from peers; the cache of resolved constructors stops growing here.</summary>
    private const int MaxCachedTypes = 1024;

    private static readonly ConcurrentDictionary<Type, Codec> CodecsByType = new();
    private static readonly ConcurrentDictionary<string, Codec> CodecsByName = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, ConstructorInfo?> Constructors = new(StringComparer.Ordinal);

    static RemoteExceptions()
    {
        RegisterCodec<GrainCallRejectedException>(
            static e => ((int)e.Kind).ToString(CultureInfo.InvariantCulture),
            static (message, data) => new GrainCallRejectedException(ParseKind(data), message));
        RegisterCodec<DeadlockException>(static _ => string.Empty, static (message, _) => new DeadlockException(message));
    }

    /// <summary>Registers how <typeparamref name="TException"/> (and subclasses without their own codec) travel:
    /// <paramref name="toData"/> produces the payload carried in <see cref="RemoteExceptionInfo.Data"/>,
    /// <paramref name="fromData"/> rebuilds the exception from (message, data). Register at start-up on every silo;
    /// a later registration for the same type replaces the earlier one.</summary>
    public static void RegisterCodec<TException>(Func<TException, string> toData, Func<string, string, TException> fromData)
        where TException : Exception
    {
        ArgumentNullException.ThrowIfNull(toData);
        ArgumentNullException.ThrowIfNull(fromData);
        var codec = new Codec(TypeName(typeof(TException)), e => toData((TException)e), (message, data) => fromData(message, data));
        CodecsByType[typeof(TException)] = codec;
        CodecsByName[codec.TypeName] = codec;
    }

    public static RemoteExceptionInfo ToInfo(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (var type = exception.GetType(); type is not null && type != typeof(Exception); type = type.BaseType)
        {
            if (CodecsByType.TryGetValue(type, out var codec))
            {
                string? data;
                try
                {
                    data = codec.ToData(exception);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // A broken codec must not lose the error itself: send type and message without the extras.
                    data = null;
                }

                return new RemoteExceptionInfo(codec.TypeName, exception.Message, data);
            }
        }

        return new RemoteExceptionInfo(TypeName(exception.GetType()), exception.Message, null);
    }

    public static Exception FromInfo(RemoteExceptionInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var message = info.Message ?? string.Empty;
        if (info.Type is null)
        {
            return new RemoteGrainException("unknown", message);
        }

        if (info.Data is not null && CodecsByName.TryGetValue(info.Type, out var codec))
        {
            try
            {
                return codec.FromData(message, info.Data);
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException or JsonException or InvalidOperationException or OverflowException)
            {
                return new RemoteGrainException(info.Type, message);
            }
        }

        if (FindConstructor(info.Type) is { } constructor)
        {
            try
            {
                return (Exception)constructor.Invoke([message]);
            }
            catch (TargetInvocationException)
            {
                // Its constructor refused the message: fall back to the generic carrier.
            }
        }

        return new RemoteGrainException(info.Type, message);
    }

    /// <summary>The UTF-8 JSON body of an Error response.</summary>
    public static byte[] Serialize(RemoteExceptionInfo info) =>
        JsonSerializer.SerializeToUtf8Bytes(info, TransportJsonContext.Default.RemoteExceptionInfo);

    /// <summary>Reads an Error response body; a malformed one becomes a <see cref="RemoteGrainException"/> saying so.</summary>
    public static Exception Deserialize(ReadOnlySpan<byte> body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, TransportJsonContext.Default.RemoteExceptionInfo) is { } info
                ? FromInfo(info)
                : new RemoteGrainException("unknown", "The remote silo sent an empty error.");
        }
        catch (JsonException ex)
        {
            return new RemoteGrainException("unknown", $"The remote silo sent an unreadable error: {ex.Message}");
        }
    }

    /// <summary>A Response with <see cref="ResponseStatus.Error"/> carrying <paramref name="exception"/>.</summary>
    internal static ClusterMessage ToErrorResponse(Exception exception) => new()
    {
        Kind = MessageKind.Response,
        Status = ResponseStatus.Error,
        Body = Serialize(ToInfo(exception)),
    };

    /// <summary>"Namespace.Type, Assembly" without version, so silos on different builds still resolve it.</summary>
    private static string TypeName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";

    private static ConstructorInfo? FindConstructor(string typeName)
    {
        if (Constructors.TryGetValue(typeName, out var cached))
        {
            return cached;
        }

        ConstructorInfo? constructor = null;
        try
        {
            var type = Type.GetType(typeName, throwOnError: false);
            if (type is not null && typeof(Exception).IsAssignableFrom(type) && !type.IsAbstract)
            {
                constructor = type.GetConstructor([typeof(string)]);
            }
        }
        catch (Exception ex) when (ex is IOException or BadImageFormatException or ArgumentException or TypeLoadException)
        {
            // An unloadable name is an unknown type.
        }

        if (Constructors.Count < MaxCachedTypes)
        {
            Constructors.TryAdd(typeName, constructor);
        }

        return constructor;
    }

    private static RejectionKind ParseKind(string data) =>
        int.TryParse(data, NumberStyles.Integer, CultureInfo.InvariantCulture, out var kind) ? (RejectionKind)kind : RejectionKind.Transient;

    private sealed record Codec(string TypeName, Func<Exception, string> ToData, Func<string, string, Exception> FromData);
}
