namespace UcPortal.Web.Features.Pbx.Routing;

/// <summary>Where each extension and ring group sends calls it does not answer itself (every
/// forwarding of an extension, the no-answer destination of a group). A path that comes back to
/// where it started is a loop: the SIP core would pass the call round until it gives up, so such
/// a change is refused before it is saved. Extension and ring-group numbers share one numbering
/// space per tenant, so a number is enough to name a node.</summary>
public sealed class RoutingGraph
{
    private readonly Dictionary<string, List<string>> _edges = new(StringComparer.Ordinal);

    /// <summary>Replaces what <paramref name="number"/> forwards to; external numbers, trunks and "nowhere" end a path.</summary>
    public void SetDestinations(string number, IEnumerable<CallDestination?> destinations) =>
        _edges[number] = destinations
            .Where(d => d is { Kind: DestinationKind.Extension or DestinationKind.RingGroup } && d.Target.Length > 0)
            .Select(d => d!.Target)
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>The loop through <paramref name="number"/>, as the numbers a call would pass (first = last), or null.</summary>
    public IReadOnlyList<string>? FindLoopThrough(string number)
    {
        var path = new List<string> { number };
        var visited = new HashSet<string>(StringComparer.Ordinal);
        return Walk(number, number, path, visited) ? path : null;
    }

    private bool Walk(string start, string at, List<string> path, HashSet<string> visited)
    {
        if (!_edges.TryGetValue(at, out var next))
        {
            return false;
        }
        foreach (var target in next)
        {
            path.Add(target);
            if (target == start)
            {
                return true;
            }
            // Loops that do not pass the changed object were refused when they were made; skip them.
            if (visited.Add(target) && Walk(start, target, path, visited))
            {
                return true;
            }
            path.RemoveAt(path.Count - 1);
        }
        return false;
    }

    public static string Describe(IReadOnlyList<string> loop) => string.Join(" → ", loop);

    /// <summary>The tenant's graph as saved; the caller then replaces the node it is changing.</summary>
    public static async Task<RoutingGraph> LoadAsync(PortalDbContext db, Guid tenantId, CancellationToken ct)
    {
        var graph = new RoutingGraph();
        var extensions = await db.Extensions.AsNoTracking().Where(e => e.TenantId == tenantId).ToListAsync(ct);
        foreach (var e in extensions)
        {
            graph.SetDestinations(e.Number, [e.ForwardAlways, e.ForwardBusy, e.ForwardNoAnswer, e.ForwardUnregistered]);
        }
        var groups = await db.RingGroups.AsNoTracking().Where(g => g.TenantId == tenantId).ToListAsync(ct);
        foreach (var g in groups)
        {
            graph.SetDestinations(g.Number, [g.NoAnswerDestination]);
        }
        return graph;
    }
}
