namespace ClawChat.Runtime.Generators.Tests.Infrastructure;

/// <summary>The grain interfaces and classes most tests run against: every return shape, overloads,
/// inheritance, attributes, awkward parameter names, nesting, observers and grain classes.</summary>
public static class SampleSource
{
    public const string Code = """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using ClawChat.Runtime;

        namespace My.Ns;

        public interface IBaseGrain : IGrainWithStringKey
        {
            Task<string> EchoAsync(string text);
        }

        public interface ICalcGrain : IBaseGrain
        {
            Task<int> AddAsync(int a, int b);

            Task<int> AddAsync(int a, int b, int c);

            Task ResetAsync();

            ValueTask<long> TotalAsync();

            ValueTask PingAsync();

            [OneWay]
            Task NotifyAsync(string message);

            [OneWay]
            ValueTask NotifyValueAsync(string message);

            Task<bool> WaitAsync(int delay, CancellationToken cancellationToken);

            [ReadOnly, AlwaysInterleave, ResponseTimeout("00:01:30")]
            Task<string?> PeekAsync(string? key = null);

            Task<string> ClashAsync(string method, string cancellationToken, int @class);

            Task<List<(int Id, string? Name)>> ListAsync(int[] ids, long? since);
        }

        public sealed class Calc : ICalcGrain
        {
            public List<string> Calls { get; } = new();

            public CancellationToken ReceivedToken { get; private set; }

            public Task<string> EchoAsync(string text) => Task.FromResult(text);

            public Task<int> AddAsync(int a, int b) => Task.FromResult(a + b);

            public Task<int> AddAsync(int a, int b, int c) => Task.FromResult(a + b + c);

            public async Task ResetAsync()
            {
                await Task.Yield();
                Calls.Add("reset");
            }

            public ValueTask<long> TotalAsync() => new(42L);

            public ValueTask PingAsync()
            {
                Calls.Add("ping");
                return default;
            }

            public Task NotifyAsync(string message)
            {
                Calls.Add("notify:" + message);
                return Task.CompletedTask;
            }

            public ValueTask NotifyValueAsync(string message)
            {
                Calls.Add("notify-value:" + message);
                return default;
            }

            public Task<bool> WaitAsync(int delay, CancellationToken cancellationToken)
            {
                ReceivedToken = cancellationToken;
                return Task.FromResult(cancellationToken.CanBeCanceled);
            }

            public Task<string?> PeekAsync(string? key = null) => Task.FromResult(key);

            public Task<string> ClashAsync(string method, string cancellationToken, int @class)
                => Task.FromResult(method + "/" + cancellationToken + "/" + @class);

            public Task<List<(int Id, string? Name)>> ListAsync(int[] ids, long? since)
                => Task.FromResult(new List<(int Id, string? Name)> { (ids.Length, since?.ToString()) });
        }

        public interface IFirst
        {
            Task<string> NameAsync();
        }

        public interface ISecond
        {
            Task<string> NameAsync(int index);
        }

        [Alias("both-v1")]
        public interface IBothGrain : IFirst, ISecond, IGrainWithStringKey
        {
            [Alias("renamed")]
            Task<int> CountAsync();
        }

        public sealed class Both : IBothGrain
        {
            public Task<string> NameAsync() => Task.FromResult("first");

            public Task<string> NameAsync(int index) => Task.FromResult("second:" + index);

            public Task<int> CountAsync() => Task.FromResult(7);
        }

        public static class Outer
        {
            public interface INestedGrain : IGrainWithStringKey
            {
                Task<int> GetAsync();
            }
        }

        public interface IWatcher : IGrainObserver
        {
            [OneWay]
            Task OnEventAsync(string name);
        }

        internal interface IInternalGrain : IGrainWithStringKey
        {
            Task<int> GetAsync();
        }

        public sealed class CounterState
        {
            public int Value { get; set; }
        }

        public interface IClock
        {
        }

        public sealed class Clock : IClock
        {
        }

        public abstract class GrainBase : Grain
        {
        }

        public sealed class CounterGrain : GrainBase, IBaseGrain
        {
            public CounterGrain(
                [ClawChat.Runtime.PersistentState("counter", "pg")] IPersistentState<CounterState> state,
                IClock clock,
                [ClawChat.Runtime.PersistentState("log")] IPersistentState<List<string>> log)
            {
            }

            public Task<string> EchoAsync(string text) => Task.FromResult(text);
        }

        public sealed partial class PartialGrain
        {
        }

        public sealed partial class PartialGrain : Grain
        {
            internal PartialGrain()
            {
            }
        }
        """;
}
