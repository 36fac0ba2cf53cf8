using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace ClawChat.Runtime.Invocation;

/// <summary>Adapters between grain method return types and <see cref="ValueTask{TResult}"/>, used by generated code.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class InvokeHelpers
{
    /// <summary>Grain side: wraps a <see cref="Task"/> result.</summary>
    public static ValueTask<VoidResult> FromTask(Task task)
    {
        if (task.IsCompletedSuccessfully)
        {
            return default;
        }

        return Await(task);

        static async ValueTask<VoidResult> Await(Task t)
        {
            await t;
            return default;
        }
    }

    /// <summary>Grain side: wraps a <see cref="Task{TResult}"/> result.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ValueTask<T> FromTask<T>(Task<T> task) => task.IsCompletedSuccessfully ? new ValueTask<T>(task.Result) : new ValueTask<T>(task);

    /// <summary>Grain side: wraps a <see cref="ValueTask"/> result.</summary>
    public static ValueTask<VoidResult> FromValueTask(ValueTask task)
    {
        if (task.IsCompletedSuccessfully)
        {
            return default;
        }

        return Await(task);

        static async ValueTask<VoidResult> Await(ValueTask t)
        {
            await t;
            return default;
        }
    }

    /// <summary>Caller side: the proxy of a <see cref="Task"/> method.</summary>
    public static Task ToTask(ValueTask<VoidResult> result)
    {
        if (result.IsCompletedSuccessfully)
        {
            return Task.CompletedTask;
        }

        return result.AsTask();
    }

    /// <summary>Caller side: the proxy of a <see cref="Task{TResult}"/> method.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Task<T> ToTask<T>(ValueTask<T> result) => result.AsTask();

    /// <summary>Caller side: the proxy of a <see cref="ValueTask"/> method.</summary>
    public static ValueTask ToValueTask(ValueTask<VoidResult> result)
    {
        if (result.IsCompletedSuccessfully)
        {
            return default;
        }

        return new ValueTask(result.AsTask());
    }
}
