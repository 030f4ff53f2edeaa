using Microsoft.Extensions.Localization;

namespace UcPortal.Web.Features.Localisation;

/// <summary>Resource names must differ by more than letter case: the resource compiler keeps one of
/// "toll-free" / "Toll-free" and drops the other without a word (decision 036). So the resource holds one
/// spelling, and a phrase not found as written is looked up with its first letter's case turned
/// ("toll-free" finds "Toll-free"'s translation). English, which has no resource, is unchanged.</summary>
public sealed class CaseTolerantStringLocalizerFactory(ResourceManagerStringLocalizerFactory inner) : IStringLocalizerFactory
{
    public IStringLocalizer Create(Type resourceSource) => new CaseTolerantStringLocalizer(inner.Create(resourceSource));

    public IStringLocalizer Create(string baseName, string location) => new CaseTolerantStringLocalizer(inner.Create(baseName, location));
}

internal sealed class CaseTolerantStringLocalizer(IStringLocalizer inner) : IStringLocalizer
{
    public LocalizedString this[string name] => Twin(inner[name], name, twin => inner[twin]);

    public LocalizedString this[string name, params object[] arguments] => Twin(inner[name, arguments], name, twin => inner[twin, arguments]);

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => inner.GetAllStrings(includeParentCultures);

    private static LocalizedString Twin(LocalizedString said, string name, Func<string, LocalizedString> lookUp)
    {
        if (!said.ResourceNotFound || name.Length == 0 || !char.IsLetter(name[0]))
        {
            return said;
        }
        var first = name[0];
        var twin = (char.IsLower(first) ? char.ToUpperInvariant(first) : char.ToLowerInvariant(first)) + name[1..];
        var found = lookUp(twin);
        return found.ResourceNotFound ? said : new LocalizedString(name, found.Value, resourceNotFound: false, found.SearchedLocation);
    }
}
