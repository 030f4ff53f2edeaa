using System.Runtime.CompilerServices;
using Microsoft.Playwright;
using UcPortal.EndToEnd.Pages;
using Xunit.Abstractions;

namespace UcPortal.EndToEnd;

/// <summary>Base of the browser tests: a fresh browser context per test (and per extra person in
/// it), a screenshot of every open page when the test fails, and the browser's own errors written
/// to the test output. A script error or a Content-Security-Policy violation fails the test.</summary>
[Collection(PortalCollection.Name)]
public abstract class BrowserTest(PortalFixture portal, ITestOutputHelper output)
{
    private readonly List<(string Who, IBrowserContext Context, IPage Page)> _browsers = [];
    private readonly List<string> _pageErrors = [];

    protected PortalFixture Portal { get; } = portal;

    protected ITestOutputHelper Output { get; } = output;

    /// <summary>Runs a test body with its own browser context; on failure saves <c>failure.png</c>
    /// (and <c>failure-{who}.png</c> for other people's pages) in the test's screenshot folder.</summary>
    protected async Task RunAsync(Func<IPage, StepScreenshots, Task> body, [CallerMemberName] string testName = "")
    {
        var page = await OpenBrowserAsync("visitor");
        var shots = new StepScreenshots(page, testName);
        shots.Clear();
        try
        {
            await body(page, shots);
            Assert.True(_pageErrors.Count == 0, "Uncaught script errors or Content-Security-Policy violations in the page: " + string.Join(" | ", _pageErrors));
        }
        catch
        {
            await SaveFailureScreenshotsAsync(shots);
            throw;
        }
        finally
        {
            foreach (var (_, context, _) in _browsers)
            {
                await context.DisposeAsync();
            }
            if (Directory.Exists(shots.Folder))
            {
                Output.WriteLine($"Screenshots: {shots.Folder}");
            }
        }
    }

    /// <summary>A staff admin (two-factor enrolled) signed in, in a browser of their own, on /admin.</summary>
    protected async Task<(IPage Page, string Email)> OpenStaffAdminAsync()
    {
        var (email, password, key) = await Portal.CreateStaffAdminAsync();
        var page = await OpenBrowserAsync("staff");
        var login = new LoginPage(page);
        await login.GotoAsync();
        await login.LogInWithCodeAsync(email, password, key!);
        await page.WaitForURLAsync("**/admin");
        return (page, email);
    }

    /// <summary>A second person in the same test (e.g. a staff member), with cookies of their own.</summary>
    protected async Task<IPage> OpenBrowserAsync(string who)
    {
        var context = await Portal.NewContextAsync();
        // Actions and navigations: generous, so a loaded machine is slow but not red (two page loads timed
        // out at 10 s while three builds ran beside the suite); a working page answers in well under a second.
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => _pageErrors.Add($"{who}: {error}");
        page.Console += (_, message) =>
        {
            // The portal runs with its Content-Security-Policy on; anything it refuses (an inline
            // script, style or handler, a foreign host) is a broken page, so every test fails on it.
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                _pageErrors.Add($"{who}: {message.Text} ({message.Location})");
            }
            // The browser reports every 4xx/5xx response as a console error; those are logged below.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                Output.WriteLine($"[{who}] browser console error: {message.Text} ({message.Location})");
            }
        };
        page.Response += (_, response) =>
        {
            // 422 is the trial form's answer to invalid input; anything else from 400 up is worth a look.
            if (response.Status >= 400 && response.Status != 422)
            {
                Output.WriteLine($"[{who}] HTTP {response.Status} {response.Request.Method} {response.Url}");
            }
        };
        _browsers.Add((who, context, page));
        return page;
    }

    private async Task SaveFailureScreenshotsAsync(StepScreenshots shots)
    {
        for (var i = 0; i < _browsers.Count; i++)
        {
            var (who, _, page) = _browsers[i];
            var file = i == 0 ? "failure.png" : $"failure-{who}.png";
            try
            {
                await shots.Of(page).SaveAsync(file);
                Output.WriteLine($"Failed while {who} was at {page.Url}; screenshot: {Path.Combine(shots.Folder, file)}");
            }
            catch (PlaywrightException ex)
            {
                Output.WriteLine($"No failure screenshot of {who}'s page: {ex.Message}");
            }
        }
    }
}
