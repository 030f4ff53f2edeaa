namespace UcPortal.Web.Features.Pbx.Trunks;

public sealed class TrunkListPage
{
    public required TenantCaller Caller { get; init; }
    public string? NotAllowed { get; init; }
    public required List<SipTrunk> Trunks { get; init; }
    public string? Error { get; init; }
}

public sealed class TrunkEditPage
{
    public required TenantCaller Caller { get; init; }
    public Guid? Id { get; init; }
    public required TrunkForm Form { get; init; }
}

public sealed class TrunkPages(PortalDbContext db, SipCredentialFactory credentials, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> text)
{
    public async Task<TrunkListPage> ListAsync(TenantCaller caller, string? error, CancellationToken ct) => new()
    {
        Caller = caller,
        NotAllowed = TrunkChanges.WhyNotAllowed(caller, text),
        Trunks = await db.SipTrunks.AsNoTracking().Include(t => t.Addresses).Where(t => t.TenantId == caller.TenantId).OrderBy(t => t.Name).ToListAsync(ct),
        Error = error,
    };

    public async Task<TrunkEditPage?> EditAsync(TenantCaller caller, Guid? id, TrunkForm? posted, CancellationToken ct)
    {
        var form = posted;
        if (id is not null)
        {
            var trunk = await db.SipTrunks.AsNoTracking().Include(t => t.Addresses).SingleOrDefaultAsync(t => t.Id == id && t.TenantId == caller.TenantId, ct);
            if (trunk is null)
            {
                return null;
            }
            form ??= TrunkForm.From(trunk);
        }
        return new TrunkEditPage { Caller = caller, Id = id, Form = form ?? new TrunkForm() };
    }

    public async Task<(string Username, string Password)?> RevealAsync(TenantCaller caller, Guid id, CancellationToken ct)
    {
        var trunk = await db.SipTrunks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id && t.TenantId == caller.TenantId, ct);
        return trunk?.Username is null || trunk.PasswordProtected is null ? null : (trunk.Username, credentials.Unprotect(trunk.PasswordProtected));
    }
}
