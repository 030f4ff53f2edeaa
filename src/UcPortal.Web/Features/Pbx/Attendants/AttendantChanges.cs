using Microsoft.Extensions.Options;
using UcPortal.Web.Features.Pbx.Routing;
using UcPortal.Web.Features.Voicemail;

namespace UcPortal.Web.Features.Pbx.Attendants;

public sealed class AttendantForm
{
    public string Name { get; set; } = "";
    public string PromptText { get; set; } = "";

    /// <summary>A recording to use instead of the spoken text (any common audio format, converted).</summary>
    public IFormFile? PromptUpload { get; set; }

    /// <summary>Drop the uploaded recording and speak <see cref="PromptText"/> again.</summary>
    public bool UseSpokenPrompt { get; set; }

    /// <summary>Set when the menu already has an uploaded prompt (shown, not posted back as a file).</summary>
    public bool HasUploadedPrompt { get; set; }
    public int TimeoutSeconds { get; set; } = 8;

    /// <summary>One destination per key, in the order of <see cref="AutoAttendant.Digits"/>.</summary>
    public List<DestinationInput> Keys { get; set; } = [];
    public DestinationInput Timeout { get; set; } = new();
    public DestinationInput Invalid { get; set; } = new();

    public static string KeyField(int index) => $"Keys[{index}]";

    public DestinationInput Key(int index) => index < Keys.Count ? Keys[index] : new DestinationInput();

    /// <summary>The key picker's choice that plays the menu again.</summary>
    public const string RepeatChoice = "repeat";

    public static AttendantForm From(AutoAttendant a)
    {
        var map = a.KeyMap();
        var repeat = a.RepeatKeys();
        return new()
        {
            Name = a.Name,
            PromptText = a.PromptText,
            HasUploadedPrompt = a.PromptFile is not null,
            TimeoutSeconds = a.TimeoutSeconds,
            Keys = AutoAttendant.Digits.Select(d => repeat.Contains(d) ? new DestinationInput { Choice = RepeatChoice } : DestinationInput.From(map.GetValueOrDefault(d))).ToList(),
            Timeout = DestinationInput.From(a.TimeoutDestination),
            Invalid = DestinationInput.From(a.InvalidDestination),
        };
    }
}

/// <summary>Adds, changes and deletes auto attendants (IVR menus). Every key, the timeout and the invalid-key
/// action must name something the tenant has (a deleted extension is refused), outside numbers follow the
/// forwarding rules, menus may not lead back to themselves, and a trial has one menu.</summary>
public sealed class AttendantChanges(PortalDbContext db, PortalUnitOfWork unitOfWork, TimeProvider clock, VoicemailStorage storage, IOptions<VoicemailOptions> options, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> text)
{
    public const int TrialMenus = 1;

    public async Task<FormResult> SaveAsync(TenantCaller caller, Guid? id, AttendantForm form, CancellationToken ct)
    {
        AutoAttendant? menu = null;
        if (id is not null)
        {
            menu = await db.AutoAttendants.SingleOrDefaultAsync(a => a.Id == id && a.TenantId == caller.TenantId, ct);
            if (menu is null)
            {
                return FormResult.Missing();
            }
        }
        else if (caller.Tenant.Status == TenantStatus.Trial && await db.AutoAttendants.CountAsync(a => a.TenantId == caller.TenantId, ct) >= TrialMenus)
        {
            return FormResult.Refused(nameof(form.Name), text["A trial includes one auto attendant. Change the one you have, or upgrade for more."]);
        }
        var result = new FormResult();
        var name = form.Name?.Trim() ?? "";
        if (name.Length is 0 or > 80)
        {
            result.Errors[nameof(form.Name)] = text["Enter a name of up to 80 characters, e.g. Main menu."];
        }
        var prompt = form.PromptText?.Trim() ?? "";
        var keepsUpload = menu?.PromptFile is not null && !form.UseSpokenPrompt;
        if (prompt.Length > 1000)
        {
            result.Errors[nameof(form.PromptText)] = text["Keep the prompt under 1000 characters."];
        }
        else if (prompt.Length == 0 && form.PromptUpload is null && !keepsUpload)
        {
            result.Errors[nameof(form.PromptText)] = text["Write what callers hear, e.g. \"Press 1 for sales, 2 for support.\", or upload a recording."];
        }
        if (form.TimeoutSeconds is < 2 or > 60)
        {
            result.Errors[nameof(form.TimeoutSeconds)] = text["Wait between 2 and 60 seconds for a key."];
        }
        var catalog = await DestinationCatalog.LoadAsync(db, caller.Tenant, ct);
        catalog.Text = text;
        var keys = new Dictionary<char, CallDestination>();
        var repeatKeys = "";
        for (var i = 0; i < AutoAttendant.Digits.Length; i++)
        {
            if (form.Key(i).Choice?.Trim() == AttendantForm.RepeatChoice)
            {
                repeatKeys += AutoAttendant.Digits[i];
                continue;
            }
            var d = catalog.Resolve(form.Key(i), allowTrunks: false, out var error, allowMenus: true);
            if (error is not null)
            {
                result.Errors[AttendantForm.KeyField(i)] = error;
            }
            else if (d is { IsSet: true })
            {
                keys[AutoAttendant.Digits[i]] = d;
            }
        }
        var timeout = catalog.Resolve(form.Timeout, allowTrunks: false, out var timeoutError, allowMenus: true);
        if (timeoutError is not null)
        {
            result.Errors[nameof(form.Timeout)] = timeoutError;
        }
        var invalid = catalog.Resolve(form.Invalid, allowTrunks: false, out var invalidError, allowMenus: true);
        if (invalidError is not null)
        {
            result.Errors[nameof(form.Invalid)] = invalidError;
        }
        if (keys.Count == 0 && !result.Errors.Keys.Any(k => k.StartsWith("Keys", StringComparison.Ordinal)))
        {
            result.Errors[AttendantForm.KeyField(0)] = repeatKeys.Length > 0
                ? text["Send at least one key somewhere other than this menu again, e.g. 1 to an extension."]
                : text["Send at least one key somewhere, e.g. 1 to an extension."];
        }
        var menuId = menu?.Id ?? Guid.NewGuid();
        if (result.Succeeded)
        {
            // Menus that lead to each other in a circle: refused, whichever key, timeout or invalid key closes it.
            var menus = await db.AutoAttendants.AsNoTracking().Where(a => a.TenantId == caller.TenantId && a.Id != menuId).ToListAsync(ct);
            var edges = menus.ToDictionary(a => a.Id.ToString(), a => MenuTargets(a.KeyMap().Values.Append(a.TimeoutDestination).Append(a.InvalidDestination)));
            edges[menuId.ToString()] = MenuTargets(keys.Values.Append(timeout!).Append(invalid!));
            var names = menus.ToDictionary(a => a.Id.ToString(), a => a.Name);
            names[menuId.ToString()] = name;
            if (FindLoop(menuId.ToString(), edges) is { } loop)
            {
                var field = keys.FirstOrDefault(k => k.Value.Kind == DestinationKind.Menu && k.Value.Target == loop[1]) is { Value: not null } k
                    ? AttendantForm.KeyField(AutoAttendant.Digits.IndexOf(k.Key))
                    : timeout is { Kind: DestinationKind.Menu } && timeout.Target == loop[1] ? nameof(form.Timeout) : nameof(form.Invalid);
                result.Errors[field] = text["This makes a loop of menus: {0}. Send callers to a person, a group or a mailbox instead.", string.Join(" → ", loop.Select(l => names.GetValueOrDefault(l, "?")))];
            }
        }
        if (!result.Succeeded)
        {
            return result;
        }

        using var upload = form.PromptUpload is null ? null
            : await AudioUpload.ConvertAsync(form.PromptUpload, options.Value.GreetingMaxSeconds, options.Value.GreetingMaxBytes, "prompt", ct, text);
        if (upload?.Error is not null)
        {
            return FormResult.Refused(nameof(form.PromptUpload), upload.Error);
        }
        var isNew = menu is null;
        if (menu is null)
        {
            menu = new AutoAttendant { Id = menuId, TenantId = caller.TenantId, CreatedAtUtc = clock.GetUtcNow().UtcDateTime };
            db.AutoAttendants.Add(menu);
        }
        var oldFile = menu.PromptFile;
        string? newFile = null;
        if (upload?.File is not null)
        {
            newFile = $"menu-{menu.Id:N}-{Guid.NewGuid():N}.wav";
            Directory.CreateDirectory(storage.TenantDirectory(caller.TenantId));
            File.Copy(upload.File, storage.PathOf(caller.TenantId, newFile));
            menu.PromptFile = newFile;
        }
        else if (form.UseSpokenPrompt)
        {
            menu.PromptFile = null;
        }
        menu.Name = name;
        menu.PromptText = prompt;
        menu.TimeoutSeconds = form.TimeoutSeconds;
        menu.Keys = AutoAttendant.FormatKeys(keys, repeatKeys);
        menu.TimeoutDestination = timeout!;
        menu.InvalidDestination = invalid!;
        FormResult saved;
        try
        {
            saved = await unitOfWork.CommitPbxChangeAsync(caller, $"Auto attendant {name} {(isNew ? "added" : "changed")}", nameof(form.Name), text["The menu was changed by someone else meanwhile. Please try again."], ct);
        }
        catch
        {
            DeleteFile(caller.TenantId, newFile);
            throw;
        }
        if (!saved.Succeeded)
        {
            DeleteFile(caller.TenantId, newFile);
        }
        else if (oldFile is not null && oldFile != menu.PromptFile)
        {
            DeleteFile(caller.TenantId, oldFile);
        }
        return saved;
    }

    public async Task<FormResult> DeleteAsync(TenantCaller caller, Guid id, CancellationToken ct)
    {
        var menu = await db.AutoAttendants.SingleOrDefaultAsync(a => a.Id == id && a.TenantId == caller.TenantId, ct);
        if (menu is null)
        {
            return FormResult.Missing();
        }
        var references = await RoutingReferences.FindAsync(db, caller.TenantId, DestinationKind.Menu, menu.Id.ToString(), null, ct, text);
        references.RemoveAll(r => r == text["auto attendant {0}", menu.Name]);
        if (references.Count > 0)
        {
            return FormResult.Refused("", RoutingReferences.Refusal(text["Auto attendant"] + " " + menu.Name, references, text));
        }
        db.AutoAttendants.Remove(menu);
        var file = menu.PromptFile;
        var result = await unitOfWork.CommitPbxChangeAsync(caller, $"Auto attendant {menu.Name} deleted", "", text["The auto attendant could not be deleted. Please try again."], ct);
        if (result.Succeeded)
        {
            DeleteFile(caller.TenantId, file);
        }
        return result;
    }

    private static List<string> MenuTargets(IEnumerable<CallDestination> destinations) =>
        destinations.Where(d => d.Kind == DestinationKind.Menu).Select(d => d.Target).Distinct().ToList();

    /// <summary>The menus a caller would pass from <paramref name="start"/> back to it (first = last), or null.</summary>
    internal static List<string>? FindLoop(string start, Dictionary<string, List<string>> edges)
    {
        var path = new List<string> { start };
        var visited = new HashSet<string>();
        return Walk(start) ? path : null;

        bool Walk(string at)
        {
            foreach (var next in edges.GetValueOrDefault(at) ?? [])
            {
                path.Add(next);
                if (next == start || (visited.Add(next) && Walk(next)))
                {
                    return true;
                }
                path.RemoveAt(path.Count - 1);
            }
            return false;
        }
    }

    private void DeleteFile(Guid tenantId, string? name)
    {
        if (name is not null && File.Exists(storage.PathOf(tenantId, name)))
        {
            File.Delete(storage.PathOf(tenantId, name));
        }
    }
}
