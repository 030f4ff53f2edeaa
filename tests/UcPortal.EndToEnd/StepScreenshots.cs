using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Playwright;

namespace UcPortal.EndToEnd;

/// <summary>Full-page screenshots of one test, numbered in the order taken:
/// <c>TestResults/screenshots/{test}/01-home.png</c> under the test assembly's folder.</summary>
public sealed class StepScreenshots
{
    private readonly IPage _page;
    private readonly StrongBox<int> _taken;

    public StepScreenshots(IPage page, string testName)
        : this(page, Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots", testName), new StrongBox<int>())
    {
    }

    private StepScreenshots(IPage page, string folder, StrongBox<int> taken)
    {
        _page = page;
        Folder = folder;
        _taken = taken;
    }

    public string Folder { get; }

    /// <summary>Screenshots of another page of the same test, numbered in the same sequence.</summary>
    public StepScreenshots Of(IPage page) => new(page, Folder, _taken);

    public async Task TakeAsync(string step)
    {
        var number = Interlocked.Increment(ref _taken.Value);
        await SaveAsync($"{number.ToString("D2", CultureInfo.InvariantCulture)}-{step}.png");
    }

    public async Task SaveAsync(string fileName)
    {
        Directory.CreateDirectory(Folder);
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Folder, fileName), FullPage = true });
    }

    /// <summary>Starts the test's folder afresh, so screenshots of an earlier run can't mislead.</summary>
    public void Clear()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
