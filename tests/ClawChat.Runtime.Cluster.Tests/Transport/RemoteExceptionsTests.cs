using System.Globalization;
using System.Text.Json;
using ClawChat.Runtime.Cluster.Transport;

namespace ClawChat.Runtime.Cluster.Tests.Transport;

public sealed class RemoteExceptionsTests
{
    static RemoteExceptionsTests()
    {
        RemoteExceptions.RegisterCodec<StatusTestException>(
            static e => JsonSerializer.Serialize(new[] { e.Status.ToString(CultureInfo.InvariantCulture), e.ErrCode }),
            static (message, data) =>
            {
                var fields = JsonSerializer.Deserialize<string[]>(data)!;
                return new StatusTestException(int.Parse(fields[0], CultureInfo.InvariantCulture), fields[1], message);
            });
    }

    [Fact]
    public void KnownExceptionType_IsRecreatedWithItsMessage()
    {
        var recreated = RoundTrip(new InvalidOperationException("state is wrong"));

        Assert.IsType<InvalidOperationException>(recreated);
        Assert.Equal("state is wrong", recreated.Message);
    }

    [Fact]
    public void UnknownType_BecomesRemoteGrainException_KeepingTheTypeNameAndMessage()
    {
        var recreated = RemoteExceptions.FromInfo(new RemoteExceptionInfo("Some.Missing.FooException, Some.Missing", "gone", null));

        var remote = Assert.IsType<RemoteGrainException>(recreated);
        Assert.Equal("Some.Missing.FooException, Some.Missing", remote.OriginalTypeName);
        Assert.Equal("gone", remote.Message);
    }

    [Fact]
    public void TypeWithoutAStringConstructor_BecomesRemoteGrainException()
    {
        var recreated = RoundTrip(new NoMessageConstructorException(5));

        var remote = Assert.IsType<RemoteGrainException>(recreated);
        Assert.Contains(nameof(NoMessageConstructorException), remote.OriginalTypeName, StringComparison.Ordinal);
    }

    [Fact]
    public void NonExceptionType_IsNeverInstantiated()
    {
        var info = new RemoteExceptionInfo(typeof(System.Text.StringBuilder).AssemblyQualifiedName!, "x", null);

        Assert.IsType<RemoteGrainException>(RemoteExceptions.FromInfo(info));
    }

    [Fact]
    public void GrainCallRejectedException_KeepsItsRejectionKind()
    {
        var recreated = RoundTrip(new GrainCallRejectedException(RejectionKind.Fenced, "fenced"));

        var rejected = Assert.IsType<GrainCallRejectedException>(recreated);
        Assert.Equal((RejectionKind.Fenced, "fenced"), (rejected.Kind, rejected.Message));
    }

    [Fact]
    public void DeadlockException_StaysADeadlockException()
    {
        var recreated = RoundTrip(new DeadlockException("cycle"));

        Assert.Equal(RejectionKind.Deadlock, Assert.IsType<DeadlockException>(recreated).Kind);
    }

    [Fact]
    public void RegisteredCodec_CarriesExtraData()
    {
        var recreated = RoundTrip(new StatusTestException(403, "M_FORBIDDEN", "not allowed"));

        var status = Assert.IsType<StatusTestException>(recreated);
        Assert.Equal((403, "M_FORBIDDEN", "not allowed"), (status.Status, status.ErrCode, status.Message));
    }

    [Fact]
    public void RegisteredCodec_AppliesToSubclassesWithoutTheirOwn()
    {
        var recreated = RoundTrip(new DerivedStatusTestException());

        Assert.Equal((404, "M_NOT_FOUND"), (Assert.IsType<StatusTestException>(recreated).Status, ((StatusTestException)recreated).ErrCode));
    }

    [Fact]
    public void UnreadableErrorBody_BecomesRemoteGrainException()
    {
        Assert.IsType<RemoteGrainException>(RemoteExceptions.Deserialize("not json"u8));
    }

    /// <summary>Through the JSON body as it crosses the wire.</summary>
    private static Exception RoundTrip(Exception exception) =>
        RemoteExceptions.Deserialize(RemoteExceptions.Serialize(RemoteExceptions.ToInfo(exception)));

    public class StatusTestException : Exception
    {
        public StatusTestException()
        {
            ErrCode = string.Empty;
        }

        public StatusTestException(string message)
            : base(message)
        {
            ErrCode = string.Empty;
        }

        public StatusTestException(string message, Exception innerException)
            : base(message, innerException)
        {
            ErrCode = string.Empty;
        }

        public StatusTestException(int status, string errCode, string message)
            : base(message)
        {
            Status = status;
            ErrCode = errCode;
        }

        public int Status { get; }

        public string ErrCode { get; }
    }

    public sealed class DerivedStatusTestException : StatusTestException
    {
        public DerivedStatusTestException()
            : base(404, "M_NOT_FOUND", "missing")
        {
        }
    }

    public sealed class NoMessageConstructorException(int code) : Exception($"code {code}");
}
