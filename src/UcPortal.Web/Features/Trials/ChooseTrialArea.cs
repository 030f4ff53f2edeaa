using UcPortal.Web.Features.Numbers;

namespace UcPortal.Web.Features.Trials;

/// <summary>The prospect's answer when their area's trial pool was empty: the signup asks for the
/// chosen area and provisioning starts again. Not found: the user has no signup.</summary>
public sealed class ChooseTrialArea(PortalDbContext db, NumberInventory inventory, PortalUnitOfWork unitOfWork, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> t)
{
    public async Task<FormResult> RunAsync(string userId, string? area, CancellationToken ct)
    {
        var signup = await db.TrialSignups.SingleOrDefaultAsync(s => s.UserId == userId, ct);
        if (signup is null)
        {
            return FormResult.Missing();
        }
        if (signup.Status != TrialSignupStatus.NoNumberInArea)
        {
            return FormResult.Ok();
        }
        var areas = await inventory.GetTrialAreasAsync(ct: ct);
        if (TrialArea.Parse(area) is not { } place || !areas.Any(a => a.Country == place.Country && a.City == place.City))
        {
            return FormResult.Refused("Area", t["Choose one of the areas that still has numbers."]);
        }
        signup.RequestedCountry = place.Country;
        signup.RequestedCity = place.City;
        signup.Status = TrialSignupStatus.Provisioning;
        signup.StatusDetail = null;
        unitOfWork.Enqueue<TrialProvisioningJob>(j => j.RunAsync(signup.Id, CancellationToken.None));
        await unitOfWork.CommitAsync(ct);
        return FormResult.Ok();
    }
}
