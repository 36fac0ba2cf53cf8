using ClawChat.Benchmarks.Runtime;

// Load generators that print figures (run in Release):
//   dotnet run -c Release --project tests/Benchmarks -- calls [seconds]
//   dotnet run -c Release --project tests/Benchmarks -- activations [count]
//   dotnet run -c Release --project tests/Benchmarks -- idle-rss [silo dll] [idle seconds]
var command = args.Length > 0 ? args[0] : "help";
switch (command)
{
    case "calls":
        await CallThroughputBenchmark.RunAsync(TimeSpan.FromSeconds(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5));
        break;
    case "activations":
        await ActivationMemoryBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000);
        break;
    case "idle-rss":
        await IdleSiloRssBenchmark.RunAsync(
            args.Length > 1 ? args[1] : Path.Combine("Silo", "bin", "Release", "net10.0", "ClawChat.Silo.dll"),
            TimeSpan.FromSeconds(args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10));
        break;
    default:
        Console.WriteLine("usage: calls [seconds] | activations [count] | idle-rss [silo dll] [idle seconds]");
        break;
}
