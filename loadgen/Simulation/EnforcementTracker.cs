using System.Collections.Concurrent;

namespace IpGuard.LoadGen.Simulation;

/// <summary>
/// Counts the events sent about each seller, step by step, and remembers the count at the end
/// of the step in which an answer first showed the seller enforced. Events of a step run
/// concurrently, so the step is the finest order there is. It also keeps the strictest decision
/// any answer showed for each seller, so that a decision later lifted is still seen.
/// </summary>
internal sealed class EnforcementTracker
{
    private readonly Dictionary<string, int> _sent = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _untilEnforced = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _seenInStep = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _strictest = new(StringComparer.Ordinal);

    /// <summary>The strictest decision an answer showed for each seller it was seen for.</summary>
    public IReadOnlyDictionary<string, string> StrictestDecisions => _strictest;

    public void BeginStep(SimStep step)
    {
        foreach (var e in step.Events)
        {
            foreach (var seller in e.SellerIds)
            {
                _sent[seller] = _sent.GetValueOrDefault(seller) + 1;
            }
        }
    }

    /// <summary>An answer showed the seller's decision; thread-safe.</summary>
    public void Observe(string sellerId, string decision)
    {
        _strictest.AddOrUpdate(sellerId, decision, (_, before) => DecisionLadder.Stricter(decision, before) ? decision : before);
        if (decision is "restrict" or "suspend")
        {
            _seenInStep.TryAdd(sellerId, true);
        }
    }

    public void EndStep()
    {
        foreach (var seller in _seenInStep.Keys)
        {
            _untilEnforced.TryAdd(seller, _sent.GetValueOrDefault(seller));
        }

        _seenInStep.Clear();
    }

    /// <summary>
    /// Events until enforcement of each enforced seller; a seller enforced at the end that no
    /// answer showed so (a scan or notice did it, or a linked account's suspension) counts all its events.
    /// </summary>
    public IReadOnlyDictionary<string, int> EventsUntilEnforced(IReadOnlyDictionary<string, SellerReadback> final)
    {
        var result = new Dictionary<string, int>(_untilEnforced, StringComparer.Ordinal);
        foreach (var (seller, view) in final)
        {
            if (view.Enforced && !result.ContainsKey(seller))
            {
                result[seller] = _sent.GetValueOrDefault(seller);
            }
        }

        return result;
    }
}
