using IpGuard.Api.Hosting;

var app = IpGuardApi.Build(args);
await app.RunAsync();
