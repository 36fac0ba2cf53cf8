using ClawChat.Silo.Commands;
using ClawChat.Silo.Hosting;

if (AdminCommandLine.IsCommand(args))
{
    return await AdminCommandLine.RunAsync(args, Console.In, Console.Out, Console.Error);
}

await SiloApplication.Build(args).RunAsync();
return 0;
