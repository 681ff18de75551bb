using IpGuard.GrainInterfaces;

namespace IpGuard.Grains;

/// <summary>A minted API key's roles, stored under the key's hash.</summary>
[GrainType("api-key")]
internal sealed class ApiKeyGrain(
    [PersistentState("state", StorageNames.Default)] IPersistentState<ApiKeyState> state) : DurableGrain, IApiKeyGrain
{
    public async Task<bool> Create(ApiKeyRecord record)
    {
        if (state.State.Record is not null)
        {
            return false;
        }

        state.State.Record = record;
        await PersistAsync(state);
        return true;
    }

    public Task<ApiKeyRecord?> Get() => Task.FromResult(state.State.Record);
}

/// <summary>A minted key's durable state. Ids are never renumbered.</summary>
[GenerateSerializer, Alias("ipguard.ApiKeyState")]
internal sealed class ApiKeyState
{
    [Id(0)] public ApiKeyRecord? Record { get; set; }
}
