using ClawChat.Silo.Hosting;

await SiloApplication.Build(args).RunAsync();
