using IpGuard.Silo;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.Configuration.AddIpGuardLogDefaults();
builder.UseOrleans(silo => silo.UseIpGuard(builder.Configuration));
await builder.Build().RunAsync();
