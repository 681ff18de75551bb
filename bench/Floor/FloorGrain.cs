using IpGuard.Grains;

namespace IpGuard.Floor;

/// <summary>
/// The least a grain per listing can be: a key, a persistent state of one number in the same
/// storage as IpGuard's grains, and no logic. What it costs is a floor under every listing grain.
/// </summary>
public interface IFloorGrain : IGrainWithStringKey
{
    /// <summary>Answers from memory: a grain call and nothing else.</summary>
    Task<int> Read();

    /// <summary>Changes the state and writes it before answering, as every IpGuard event does.</summary>
    Task Write(int value);

    /// <summary>
    /// The shape of an IpGuard listing event with nothing in it: this grain's write, then a call
    /// to its owner (another floor grain) that writes too, as a listing tells its seller.
    /// </summary>
    Task WriteAndTell(int value, string owner);
}

[GenerateSerializer, Alias("ipguard.floor.FloorState")]
public sealed class FloorState
{
    [Id(0)] public int Value { get; set; }
}

[GrainType("ipguard.floor")]
internal sealed class FloorGrain([PersistentState("state", StorageNames.Default)] IPersistentState<FloorState> state) : Grain, IFloorGrain
{
    public Task<int> Read() => Task.FromResult(state.State.Value);

    public Task Write(int value)
    {
        state.State.Value = value;
        return state.WriteStateAsync();
    }

    public async Task WriteAndTell(int value, string owner)
    {
        state.State.Value = value;
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IFloorGrain>(owner).Write(value);
    }
}
