using Microsoft.Playwright;
using Xunit.Abstractions;

namespace UcPortal.EndToEnd;

/// <summary>Chromium enforces the portal's Content-Security-Policy, and a refusal reaches the test
/// (BrowserTest fails every test on one), so the other browser tests prove the pages need nothing
/// the policy refuses.</summary>
public sealed class ContentSecurityPolicyTests(PortalFixture portal, ITestOutputHelper output) : BrowserTest(portal, output)
{
    [Fact]
    public async Task AnInjectedInlineScriptAndStyle_AreRefusedByTheBrowser_AndReported()
    {
        await using var context = await Portal.NewContextAsync();
        var page = await context.NewPageAsync();
        var refusals = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                refusals.Add(message.Text);
            }
        };
        await page.GotoAsync("/");

        // What an injection would add to a page: a script with a body, an inline handler, a style attribute.
        var ran = await page.EvaluateAsync<bool>("""
            async () => {
              const script = document.createElement('script');
              script.textContent = 'window.injected = true';
              document.body.appendChild(script);
              document.body.insertAdjacentHTML('beforeend', '<img src="/favicon.svg" onload="window.injected = true">');
              document.body.insertAdjacentHTML('beforeend', '<p id="styled" style="color: rgb(255, 0, 0)">x</p>');
              await new Promise(r => setTimeout(r, 300));
              return window.injected === true;
            }
            """);
        var colour = await page.Locator("#styled").EvaluateAsync<string>("p => getComputedStyle(p).color");

        Assert.False(ran, "An inline script or handler ran: the policy does not protect the page.");
        Assert.NotEqual("rgb(255, 0, 0)", colour);
        Assert.Contains(refusals, r => r.Contains("script", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(refusals, r => r.Contains("style", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task TheHomePage_WorksWithThePolicyOn() => await RunAsync(async (page, shots) =>
    {
        await page.GotoAsync("/pricing");
        // Bootstrap's collapse (the FAQ accordion) is script from /lib: it runs under the policy.
        var question = page.Locator(".accordion-button").First;
        await question.ClickAsync();
        await Assertions.Expect(question).ToHaveAttributeAsync("aria-expanded", "true");
        await shots.TakeAsync("pricing-faq-open");
    });
}
