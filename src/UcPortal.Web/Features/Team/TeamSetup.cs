namespace UcPortal.Web.Features.Team;

public static class TeamSetup
{
    public static void AddTeam(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<TeamPages>();
        builder.Services.AddScoped<InviteTeamMember>();
        builder.Services.AddScoped<RevokeInvitation>();
        builder.Services.AddScoped<RemoveTeamMember>();
        builder.Services.AddScoped<AcceptInvitation>();
    }
}
