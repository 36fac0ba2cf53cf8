using System.Reflection;

namespace ClawChat.Runtime.Generators.Tests.Infrastructure;

/// <summary>Calls interface methods of types that exist only in an assembly compiled during the test.</summary>
public static class ReflectionCalls
{
    public static MethodInfo FindMethod(Type iface, string name, int parameterCount)
        => new[] { iface }.Concat(iface.GetInterfaces())
            .SelectMany(i => i.GetMethods())
            .Single(m => m.Name == name && m.GetParameters().Length == parameterCount);

    /// <summary>Invokes the method and awaits whatever awaitable it returns; yields its result (null for void awaitables).</summary>
    public static async Task<object?> CallAsync(object instance, Type iface, string name, params object?[] args)
    {
        var method = FindMethod(iface, name, args.Length);
        var returned = method.Invoke(instance, args)!;
        var task = returned as Task ?? (Task)returned.GetType().GetMethod("AsTask")!.Invoke(returned, null)!;
        await task;

        // Decided by the declared type: the runtime type of a non-generic Task may well be a Task<VoidTaskResult>.
        return method.ReturnType.IsGenericType ? task.GetType().GetProperty("Result")!.GetValue(task) : null;
    }

    public static object? Property(object instance, string name) => instance.GetType().GetProperty(name)!.GetValue(instance);
}
