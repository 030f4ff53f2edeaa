using Microsoft.Extensions.Options;

namespace UcPortal.Web.Features.Porting;

/// <summary>The folder of each tenant's letters of authorisation, outside wwwroot (never served as static files:
/// only the tenant's porting page and the staff porting page read them).</summary>
public sealed class PortingStorage(IOptions<PortingOptions> options, IWebHostEnvironment env)
{
    public string Root => Path.GetFullPath(Path.Combine(env.ContentRootPath, options.Value.StorageDirectory));

    public string TenantDirectory(Guid tenantId) => Path.Combine(Root, tenantId.ToString("N"));

    /// <summary>The full path of a file of the tenant; the name is ours (a Guid), never a user's.</summary>
    public string PathOf(Guid tenantId, string fileName) => Path.Combine(TenantDirectory(tenantId), Path.GetFileName(fileName));

    public void Delete(Guid tenantId, string? fileName)
    {
        if (!string.IsNullOrEmpty(fileName) && File.Exists(PathOf(tenantId, fileName)))
        {
            File.Delete(PathOf(tenantId, fileName));
        }
    }

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
