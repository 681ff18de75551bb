using IpGuard.GrainInterfaces;

namespace IpGuard.Grains;

/// <summary>The registered webhooks; it starts their workers, and starts them again after a restart.</summary>
internal sealed class WebhookRegistryGrain(
    [PersistentState("state", StorageNames.Default)] IPersistentState<WebhookRegistryState> state) : Grain, IWebhookRegistryGrain
{
    public async Task Add(WebhookDefinition definition)
    {
        if (!state.State.Webhooks.Any(w => w.WebhookId == definition.WebhookId))
        {
            state.State.Webhooks.Add(definition);
            await state.WriteStateAsync();
        }

        await Worker(definition.WebhookId).Start(definition);
    }

    public async Task<bool> Remove(string webhookId)
    {
        var index = state.State.Webhooks.FindIndex(w => w.WebhookId == webhookId);
        if (index < 0)
        {
            return false;
        }

        // The worker stops first: should the write below fail, StartAll cannot revive a deleted worker.
        await Worker(webhookId).Delete();
        state.State.Webhooks.RemoveAt(index);
        await state.WriteStateAsync();
        return true;
    }

    public Task<IReadOnlyList<WebhookView>> List() =>
        Task.FromResult<IReadOnlyList<WebhookView>>([.. state.State.Webhooks.Select(w => w.View())]);

    public Task StartAll() => Task.WhenAll(state.State.Webhooks.Select(w => Worker(w.WebhookId).Start(w)));

    private IWebhookGrain Worker(string webhookId) => GrainFactory.GetGrain<IWebhookGrain>(webhookId);
}
