using UcPortal.Web.Features.Billing;
using UcPortal.Web.Features.CallLimits;
using UcPortal.Web.Features.Compare;
using UcPortal.Web.Features.CustomerCare;
using UcPortal.Web.Features.CustomerSearch;
using UcPortal.Web.Features.Email;
using UcPortal.Web.Features.Fraud;
using UcPortal.Web.Features.Funnel;
using UcPortal.Web.Features.Help;
using UcPortal.Web.Features.HelpDesk;
using UcPortal.Web.Features.Lifecycle;
using UcPortal.Web.Features.Localisation;
using UcPortal.Web.Features.Numbers;
using UcPortal.Web.Features.Pbx;
using UcPortal.Web.Features.Phones;
using UcPortal.Web.Features.Plans;
using UcPortal.Web.Features.Porting;
using UcPortal.Web.Features.Sms;
using UcPortal.Web.Features.StaffAccount;
using UcPortal.Web.Features.Team;
using UcPortal.Web.Features.TrialFeedback;
using UcPortal.Web.Features.Trials;
using UcPortal.Web.Features.Usage;
using UcPortal.Web.Features.Voicemail;
using UcPortal.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.AddPortalWebRoot();
builder.AddPortalData();
builder.AddPortalIdentity();
builder.AddStaffAccounts();
builder.AddPortalEmail();
builder.AddPortalSms();
builder.AddHelpCentre();
builder.AddHelpDesk();
builder.AddPlanCatalog();
builder.AddCostComparison();
builder.AddNumberInventory();
builder.AddTrials();
builder.AddPbx();
builder.AddUsage();
builder.AddCallLimits();
builder.AddFraud();
builder.AddCustomerSearch();
builder.AddFunnel();
builder.AddTrialFeedback();
builder.AddCustomerCare();
builder.AddDeskPhones();
builder.AddVoicemail();
builder.AddTeam();
builder.AddPorting();
builder.AddBilling();
builder.AddLifecycle();
builder.AddPortalJobs();
builder.AddPortalRateLimits();
builder.AddPortalLocalisation();
builder.AddPortalMvc();
builder.AddPublicPageCache();
builder.AddPortalTelemetry();
builder.AddPortalHealthChecks();

var app = builder.Build();

if (await PortalCommands.TryRunAsync(app, args))
{
    return;
}

await app.InitializePortalDatabaseAsync();

app.UsePortalPipeline();
app.MapPortalEndpoints();
app.RegisterRecurringJobs();

app.Run();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
