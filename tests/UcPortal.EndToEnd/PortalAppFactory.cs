using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace UcPortal.EndToEnd;

/// <summary>The portal as a browser sees it: real Kestrel on a free loopback port, SQLite files in a
/// fresh temp folder, Hangfire running jobs in-process, and the Development environment (the only
/// one with the local mailbox at /dev/mailbox).</summary>
public sealed class PortalAppFactory(IReadOnlyDictionary<string, string>? settings = null) : WebApplicationFactory<Program>
{
    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), "ucportal-e2e-" + Guid.NewGuid().ToString("N")[..12]);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Host settings (UseSetting) are visible to Program.cs while it builds the app, unlike
        // ConfigureAppConfiguration, which runs too late for AddPortalData and AddPortalJobs.
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:DataFolder", DataFolder);
        builder.UseSetting("Jobs:RunServer", "true");
        // Voicemail audio and the media engine's files stay in the run's folder, not under the content root (src/UcPortal.Web).
        builder.UseSetting("Voicemail:StorageDirectory", Path.Combine(DataFolder, "voicemail"));
        builder.UseSetting("Porting:StorageDirectory", Path.Combine(DataFolder, "porting"));
        builder.UseSetting("Voicemail:EngineDirectory", Path.Combine(DataFolder, "media-engine"));
        // Every trial of the suite comes from 127.0.0.1.
        builder.UseSetting("RateLimits:SignupPerIpPerHour", "1000");
        builder.UseSetting("Trial:SignupsPerAddressPerDay", "1000");
        builder.UseSetting("Trial:SignupsPerNetworkPerDay", "1000");
        builder.UseSetting("RateLimits:CompareReportPerIpPerHour", "1000");
        builder.UseSetting("RateLimits:NumberHoldsPerIpPer10Minutes", "1000");
        builder.UseSetting("Compare:ReportsPerIpPerDay", "1000");
        // Extra host settings of a collection, e.g. a real SIP core (SipCoreJourneyTests).
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            DeleteDataFolder();
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        DeleteDataFolder();
    }

    private void DeleteDataFolder()
    {
        // Pooled SQLite connections keep the files open; release them before deleting the folder.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            if (Directory.Exists(DataFolder))
            {
                Directory.Delete(DataFolder, recursive: true);
            }
        }
        catch (IOException)
        {
            // A job still finishing can hold hangfire.db for a moment; the OS temp cleaner takes it.
        }
    }
}
