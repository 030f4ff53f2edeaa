using Microsoft.Extensions.Options;

namespace UcPortal.Web.Features.Voicemail;

/// <summary>The folder of each tenant's messages and greetings, outside wwwroot (never served as static files:
/// only <see cref="VoicemailController"/> reads them, for the tenant's own users).</summary>
public sealed class VoicemailStorage(IOptions<VoicemailOptions> options, IWebHostEnvironment env)
{
    public string Root => Path.GetFullPath(Path.Combine(env.ContentRootPath, options.Value.StorageDirectory));

    public string TenantDirectory(Guid tenantId) => Path.Combine(Root, tenantId.ToString("N"));

    /// <summary>The full path of a file of the tenant; the name is ours (a Guid), never a user's.</summary>
    public string PathOf(Guid tenantId, string fileName) => Path.Combine(TenantDirectory(tenantId), Path.GetFileName(fileName));

    /// <summary>Removes everything kept for the tenant (its purge).</summary>
    public void DeleteTenant(Guid tenantId)
    {
        var dir = TenantDirectory(tenantId);
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
