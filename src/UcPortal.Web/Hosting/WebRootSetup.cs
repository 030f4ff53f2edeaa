using Microsoft.Extensions.FileProviders;

namespace UcPortal.Web.Hosting;

public static class WebRootSetup
{
    /// <summary>The web root is the repository's top-level <c>wwwroot</c> (docs/decisions/002).
    /// A published build has it copied next to the binaries; a source checkout finds it two
    /// folders above the project.</summary>
    public static void AddPortalWebRoot(this WebApplicationBuilder builder)
    {
        var env = builder.Environment;
        var candidates = new[]
        {
            builder.Configuration["WebRoot"],
            Path.Combine(env.ContentRootPath, "wwwroot"),
            Path.GetFullPath(Path.Combine(env.ContentRootPath, "..", "..", "wwwroot")),
            Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        };
        var root = candidates.FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(Path.Combine(p, "css", "site.css")));
        if (root is null)
        {
            return;
        }
        env.WebRootPath = root;
        env.WebRootFileProvider = new PhysicalFileProvider(root);
    }
}
