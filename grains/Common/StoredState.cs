using Orleans.Storage;

namespace IpGuard.Grains;

/// <summary>
/// A state a grain keeps for something other than itself (a listing in its book): the record
/// stored under that thing's own grain id, read and written through the storage provider as
/// Orleans' own state bridge would, its failures wrapped the same way. Writes never overlap:
/// <see cref="DurableRecord{T}"/> orders them.
/// </summary>
internal sealed class StoredState<T>(IGrainStorage storage, GrainType grainType, string key) : IPersistentState<T>, IGrainState<T>
    where T : class, new()
{
    private const string Name = "state";

    private T? _state;

    public T State
    {
        get => _state ??= new T();
        set => _state = value;
    }

    public string? Etag => ETag;

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }

    T? IGrainState<T>.State
    {
        get => _state;
        set => _state = value;
    }

    public GrainId Id => GrainId.Create(grainType, key);

    public Task ReadStateAsync() => RunAsync(Operation.Read);

    public Task WriteStateAsync() => RunAsync(Operation.Write);

    public Task ClearStateAsync() => RunAsync(Operation.Clear);

    private async Task RunAsync(Operation what)
    {
        try
        {
            var id = Id;
            await (what switch
            {
                Operation.Read => storage.ReadStateAsync(Name, id, this),
                Operation.Write => storage.WriteStateAsync(Name, id, this),
                _ => storage.ClearStateAsync(Name, id, this),
            });
        }
        catch (Exception e) when (e is not OrleansException)
        {
            throw new OrleansException($"Error from storage during {what} of {grainType}/{key}", e);
        }
    }

    private enum Operation
    {
        Read,
        Write,
        Clear,
    }
}
