using IpGuard.Api.Http;
using IpGuard.Silo;

namespace IpGuard.Tests.Api;

public sealed class FailuresTests
{
    [Fact(DisplayName = "A Redis read or write that fails in any way is storage trouble (503 with Retry-After), also when the client fails with an error of its own mid-outage")]
    public void RedisStorageFailuresAreTransient()
    {
        // What StackExchange.Redis threw while Redis stopped under load: its pipe was completed under a write.
        var cutOff = new InvalidOperationException("Writing is not allowed after writer was completed.");
        var fromStorage = new Orleans.Runtime.OrleansException("Error from storage during Read of listing/l1",
            new RedisStorageException("Reading the state of listing/l1 failed", cutOff));

        Assert.True(Failures.IsTransient(fromStorage));
        Assert.False(Failures.IsTransient(new Orleans.Runtime.OrleansException("a bug", cutOff)));
    }
}
