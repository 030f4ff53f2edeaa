using System.Runtime.CompilerServices;

namespace UcPortal.Tests.Infrastructure;

/// <summary>Settings for the whole test process, applied before any portal starts. Dozens of portals live
/// in this one process (a fixture per test class, classes in parallel); each watched appsettings.json
/// (configuration reload) and wwwroot (asp-append-version) with its own inotify instance, and Linux allows
/// 128 per user: one run held 113, and pages answered 500 once the limit was reached. Tests never edit
/// those files while a portal runs, so no portal here watches them.</summary>
internal static class TestProcessSettings
{
#pragma warning disable CA2255 // a test assembly is the program here: this must run before any test
    [ModuleInitializer]
    internal static void Apply()
    {
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
        // Anything else that watches files (file version provider, Razor) polls instead of using inotify.
        Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
    }
#pragma warning restore CA2255
}
