using IpGuard.GrainInterfaces;

namespace IpGuard.Grains;

/// <summary>A minted API key's roles, stored under the key's hash.</summary>
[GrainType("api-key")]
internal sealed class ApiKeyGrain(
    [PersistentState("state", StorageNames.Default)] IPersistentState<ApiKeyState> state) : DurableGrain<ApiKeyState>(state), IApiKeyGrain
{
    public async Task<bool> Create(ApiKeyRecord record)
    {
        if (State.Record is not null)
        {
            return false;
        }

        State.Record = record;
        await PersistAsync();
        return true;
    }

    public Task<ApiKeyRecord?> Get() => Task.FromResult(State.Record);
}

/// <summary>A minted key's durable state. Ids are never renumbered.</summary>
[GenerateSerializer, Alias("ipguard.ApiKeyState")]
internal sealed class ApiKeyState
{
    [Id(0)] public ApiKeyRecord? Record { get; set; }
}
