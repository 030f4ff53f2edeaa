using Microsoft.Extensions.Localization;
using UcPortal.Web.Features.Pbx.Routing;

namespace UcPortal.Web.Features.Pbx.RingGroups;

public sealed class RingGroupForm
{
    public string Number { get; set; } = "";
    public string Name { get; set; } = "";

    /// <summary>Extension numbers in ring order, separated by commas or spaces.</summary>
    public string Members { get; set; } = "";
    public RingStrategy Strategy { get; set; } = RingStrategy.Simultaneous;
    public int RingSeconds { get; set; } = 20;
    public DestinationInput NoAnswer { get; set; } = new();

    public static RingGroupForm From(RingGroup g) => new()
    {
        Number = g.Number,
        Name = g.Name,
        Members = string.Join(", ", g.Members.OrderBy(m => m.Position).Select(m => m.Extension?.Number)),
        Strategy = g.Strategy,
        RingSeconds = g.RingSeconds,
        NoAnswer = DestinationInput.From(g.NoAnswerDestination),
    };
}

/// <summary>Adds, changes and deletes ring groups; members are the tenant's extensions in ring order. Messages in the
/// reader's language (<paramref name="text"/>), the change log in English.</summary>
public sealed class RingGroupChanges(PortalDbContext db, PortalUnitOfWork unitOfWork, TimeProvider clock, IStringLocalizer<SharedResource> text)
{
    public async Task<FormResult> SaveAsync(TenantCaller caller, Guid? id, RingGroupForm form, CancellationToken ct)
    {
        RingGroup? group = null;
        if (id is not null)
        {
            group = await db.RingGroups.Include(g => g.Members).SingleOrDefaultAsync(g => g.Id == id && g.TenantId == caller.TenantId, ct);
            if (group is null)
            {
                return FormResult.Missing();
            }
        }
        var result = new FormResult();
        var number = form.Number?.Trim() ?? "";
        if (await InternalNumberRules.CheckAsync(db, caller, number, null, group?.Id, ct, text) is { } numberError)
        {
            result.Errors[nameof(form.Number)] = numberError;
        }
        if (string.IsNullOrWhiteSpace(form.Name) || form.Name.Trim().Length > 80)
        {
            result.Errors[nameof(form.Name)] = text["Enter a name of up to 80 characters, e.g. Sales."];
        }
        var extensions = await db.Extensions.AsNoTracking().Where(e => e.TenantId == caller.TenantId).ToDictionaryAsync(e => e.Number, e => e.Id, ct);
        var memberNumbers = (form.Members ?? "").Split([',', ' ', ';', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var unknown = memberNumbers.Where(n => !extensions.ContainsKey(n)).ToList();
        if (memberNumbers.Length == 0)
        {
            result.Errors[nameof(form.Members)] = text["Add at least one extension, e.g. 101, 102."];
        }
        else if (unknown.Count > 0)
        {
            result.Errors[nameof(form.Members)] = unknown.Count == 1 ? text["{0} is not one of your extensions.", unknown[0]] : text["{0} are not your extensions.", string.Join(", ", unknown)];
        }
        else if (memberNumbers.Distinct().Count() != memberNumbers.Length)
        {
            result.Errors[nameof(form.Members)] = text["List each extension once."];
        }
        if (!Enum.IsDefined(form.Strategy))
        {
            result.Errors[nameof(form.Strategy)] = text["Choose how the group rings."];
        }
        if (form.RingSeconds is < 5 or > 300)
        {
            result.Errors[nameof(form.RingSeconds)] = text["Ring between 5 and 300 seconds."];
        }
        var catalog = await DestinationCatalog.LoadAsync(db, caller.Tenant, ct);
        catalog.Text = text;
        var noAnswer = catalog.Resolve(form.NoAnswer, allowTrunks: false, out var destinationError);
        if (destinationError is not null)
        {
            result.Errors[nameof(form.NoAnswer)] = destinationError;
        }
        else if (noAnswer is { Kind: DestinationKind.RingGroup } && noAnswer.Target == (group?.Number ?? number))
        {
            result.Errors[nameof(form.NoAnswer)] = text["A group can't send unanswered calls to itself: they would ring it again and again."];
        }
        if (result.Succeeded)
        {
            var graph = await RoutingGraph.LoadAsync(db, caller.TenantId, ct);
            graph.SetDestinations(number, [noAnswer]);
            if (graph.FindLoopThrough(number) is { } loop)
            {
                result.Errors[nameof(form.NoAnswer)] = text["This makes a loop: {0}. Calls would go round in circles.", RoutingGraph.Describe(loop)];
            }
        }
        if (!result.Succeeded)
        {
            return result;
        }

        var isNew = group is null;
        if (group is null)
        {
            group = new RingGroup { Id = Guid.NewGuid(), TenantId = caller.TenantId, CreatedAtUtc = clock.GetUtcNow().UtcDateTime };
            db.RingGroups.Add(group);
        }
        else if (group.Number != number)
        {
            // Renumbering would strand forwarding, numbers and groups that send calls to the old number.
            var references = await RoutingReferences.FindAsync(db, caller.TenantId, DestinationKind.RingGroup, group.Number, null, ct, text);
            if (references.Count > 0)
            {
                return FormResult.Refused(nameof(form.Number), text["Ring group {0} can't change its number while calls are sent to it by {1}.", group.Number, string.Join(text[", "], references)]);
            }
        }
        group.Number = number;
        group.Name = form.Name!.Trim();
        group.Strategy = form.Strategy;
        group.RingSeconds = form.RingSeconds;
        group.NoAnswerDestination = noAnswer!;
        // Update members in place: removing and re-adding one with the same key would make EF track it twice.
        var wanted = memberNumbers.Select((n, i) => (Id: extensions[n], Position: i)).ToList();
        group.Members.RemoveAll(m => !wanted.Any(w => w.Id == m.ExtensionId));
        foreach (var (extensionId, position) in wanted)
        {
            var member = group.Members.FirstOrDefault(m => m.ExtensionId == extensionId);
            if (member is null)
            {
                group.Members.Add(new RingGroupMember { RingGroupId = group.Id, ExtensionId = extensionId, Position = position });
            }
            else
            {
                member.Position = position;
            }
        }
        var groupId = group.Id;
        return await unitOfWork.CommitPbxChangeAsync(caller, $"Ring group {number} {(isNew ? "added" : "changed")}", nameof(form.Number), text["{0} was just taken by another change. Choose another number.", number], ct,
            recheck: t => InternalNumberRules.CheckAsync(db, caller, number, null, groupId, t, text));
    }

    public async Task<FormResult> DeleteAsync(TenantCaller caller, Guid id, CancellationToken ct)
    {
        var group = await db.RingGroups.SingleOrDefaultAsync(g => g.Id == id && g.TenantId == caller.TenantId, ct);
        if (group is null)
        {
            return FormResult.Missing();
        }
        // The group's own no-answer destination (itself) is no reason to keep it.
        var references = await RoutingReferences.FindAsync(db, caller.TenantId, DestinationKind.RingGroup, group.Number, null, ct, text, exceptGroup: group.Number);
        if (references.Count > 0)
        {
            return FormResult.Refused("", RoutingReferences.Refusal(text["Ring group"] + " " + group.Number, references, text));
        }
        db.RingGroups.Remove(group);
        return await unitOfWork.CommitPbxChangeAsync(caller, $"Ring group {group.Number} deleted", "", text["The ring group could not be deleted. Please try again."], ct);
    }
}
