using ClawChat.Benchmarks.Bots;
using ClawChat.Benchmarks.Runtime;
using ClawChat.Benchmarks.Sync;

// Load generators that print figures (run in Release):
//   dotnet run -c Release --project tests/Benchmarks -- calls [seconds]
//   dotnet run -c Release --project tests/Benchmarks -- activations [count]
//   dotnet run -c Release --project tests/Benchmarks -- cross-silo <redis host:port> [seconds] [callers]
//   dotnet run -c Release --project tests/Benchmarks -- sync-cost [syncs per room count]
//   dotnet run -c Release --project tests/Benchmarks -- sync-load [users] [messages per second] [seconds]
//   dotnet run -c Release --project tests/Benchmarks -- idle-rss [silo dll] [idle seconds] [long-polls to hold]
//   dotnet run -c Release --project tests/Benchmarks -- sync-latency [users] [rounds]
//   dotnet run -c Release --project tests/Benchmarks -- bot-latency [conversations] [messages each] [model-call cap] [streaming true|false] [paced questions/s]
var command = args.Length > 0 ? args[0] : "help";
switch (command)
{
    case "calls":
        await CallThroughputBenchmark.RunAsync(TimeSpan.FromSeconds(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5));
        break;
    case "activations":
        await ActivationMemoryBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000);
        break;
    case "cross-silo":
        await CrossSiloCallBenchmark.RunAsync(
            args.Length > 1 ? args[1] : "127.0.0.1:6379",
            TimeSpan.FromSeconds(args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 5),
            args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 32);
        break;
    case "sync-cost":
        await ClawChat.Benchmarks.Sync.SyncCostBenchmark.RunAsync([1, 100, 1000], args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 50);
        break;
    case "cross-silo-host":
        await CrossSiloCallBenchmark.HostAsync(args[1], args[2]);
        break;
    case "sync-load":
        await ClawChat.Benchmarks.Sync.SyncLoadBenchmark.RunAsync(
            args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1000,
            args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1000,
            TimeSpan.FromSeconds(args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 10));
        break;
    case "idle-rss":
        await IdleSiloRssBenchmark.RunAsync(
            args.Length > 1 ? args[1] : Path.Combine("Silo", "bin", "Release", "net10.0", "ClawChat.Silo.dll"),
            TimeSpan.FromSeconds(args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10),
            args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 0);
        break;
    case "sync-latency":
        await SyncLatencyBenchmark.RunAsync(
            args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1000,
            args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 20);
        break;
    case "bot-latency":
        await BotLatencyBenchmark.RunAsync(
            args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200,
            args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 20,
            args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 8,
            args.Length <= 4 || bool.Parse(args[4]),
            args.Length > 5 ? int.Parse(args[5], System.Globalization.CultureInfo.InvariantCulture) : 100);
        break;
    default:
        Console.WriteLine("usage: calls [seconds] | activations [count] | idle-rss [silo dll] [idle seconds] | sync-latency [users] [rounds] | bot-latency [conversations] [messages each] [model-call cap] [streaming] [paced questions/s]");
        break;
}
