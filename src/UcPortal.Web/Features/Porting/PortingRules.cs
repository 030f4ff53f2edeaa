using Microsoft.Extensions.Localization;
using PhoneNumbers;
using UcPortal.Web.Features.Localisation;

namespace UcPortal.Web.Features.Porting;

/// <summary>What staff or the tenant do to a request.</summary>
public enum PortingStep
{
    AskForInformation,
    Answer,
    SetDate,
    Complete,
    Reject,
    Cancel,
}

/// <summary>The rules of a porting request: which step each status allows (a small state machine: the
/// only place that says so), the number as libphonenumber reads it, and the business days of dates.</summary>
public static class PortingRules
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    /// <summary>Null when <paramref name="step"/> may be taken from <paramref name="status"/>, else why not.</summary>
    public static string? WhyNot(PortingStatus status, PortingStep step) => (status, step) switch
    {
        (PortingStatus.Completed, _) => "This request is completed: nothing more can change on it.",
        (PortingStatus.Rejected, _) => "This request was rejected: it cannot change any more. A new request can be made.",
        (PortingStatus.Cancelled, _) => "This request was cancelled: it cannot change any more. A new request can be made.",
        (_, PortingStep.Answer) when status != PortingStatus.InformationNeeded => "Nothing was asked on this request: there is no question to answer.",
        (_, PortingStep.Complete) when status != PortingStatus.DateSet => "Set the porting date before completing the request.",
        _ => null,
    };

    /// <summary>The status a step leads to.</summary>
    public static PortingStatus After(PortingStep step) => step switch
    {
        PortingStep.AskForInformation => PortingStatus.InformationNeeded,
        PortingStep.Answer => PortingStatus.Submitted,
        PortingStep.SetDate => PortingStatus.DateSet,
        PortingStep.Complete => PortingStatus.Completed,
        PortingStep.Reject => PortingStatus.Rejected,
        PortingStep.Cancel => PortingStatus.Cancelled,
        _ => throw new ArgumentOutOfRangeException(nameof(step)),
    };

    public static string Describe(PortingStatus status) => status switch
    {
        PortingStatus.Submitted => "Submitted",
        PortingStatus.InformationNeeded => "More information needed",
        PortingStatus.DateSet => "Date set",
        PortingStatus.Completed => "Completed",
        PortingStatus.Rejected => "Rejected",
        PortingStatus.Cancelled => "Cancelled",
        _ => status.ToString(),
    };

    /// <summary>The status in the reader's language. "Cancelled" is looked up as "cancelled": resource keys
    /// that differ only by case collide, and the lower-case one is translated already (the same word).</summary>
    public static string Describe(PortingStatus status, IStringLocalizer<SharedResource> t) =>
        status == PortingStatus.Cancelled && PortalCultures.IsChinese ? t["cancelled"] : t[Describe(status)];

    public static string BadgeClass(PortingStatus status) => status switch
    {
        PortingStatus.Submitted => "text-bg-secondary",
        PortingStatus.InformationNeeded => "text-bg-warning",
        PortingStatus.DateSet => "text-bg-info",
        PortingStatus.Completed => "text-bg-success",
        PortingStatus.Rejected => "text-bg-danger",
        _ => "text-bg-light border",
    };

    /// <summary>A number as the tenant typed it (international, or national in their own country) in E.164,
    /// with its country and type; or the message for the field, in the reader's language.</summary>
    public static (string? E164, string Country, NumberType Type, string? Error) ParseNumber(string? input, string tenantCountry, IStringLocalizer<SharedResource> t)
    {
        var text = (input ?? "").Trim();
        if (text.Length == 0)
        {
            return (null, "", default, t["Enter the number you want to bring, e.g. {0}.", Example(tenantCountry)]);
        }
        try
        {
            var parsed = Phones.Parse(text, tenantCountry);
            if (!Phones.IsValidNumber(parsed))
            {
                return (null, "", default, t["This is not a valid phone number. Enter it with its country code, e.g. {0}.", Example(tenantCountry)]);
            }
            var type = Phones.GetNumberType(parsed);
            if (type is PhoneNumberType.PREMIUM_RATE or PhoneNumberType.SHARED_COST)
            {
                return (null, "", default, t["Premium-rate and shared-cost numbers cannot be ported to us."]);
            }
            var region = Phones.GetRegionCodeForNumber(parsed) ?? "";
            return (Phones.Format(parsed, PhoneNumberFormat.E164), region, type == PhoneNumberType.TOLL_FREE ? NumberType.TollFree : NumberType.Local, null);
        }
        catch (NumberParseException)
        {
            return (null, "", default, t["Enter a phone number, e.g. {0}.", Example(tenantCountry)]);
        }
    }

    public static string Example(string country)
    {
        var example = Phones.GetExampleNumberForType(country, PhoneNumberType.FIXED_LINE);
        return example is null ? "+44 20 7946 0100" : Phones.Format(example, PhoneNumberFormat.INTERNATIONAL);
    }

    /// <summary>A file's size as people read it: 812 bytes, 240 KB, 4.2 MB.</summary>
    public static string Size(int bytes) => bytes switch
    {
        < 1024 => $"{bytes} bytes",
        < 1024 * 1024 => $"{bytes / 1024} KB",
        _ => $"{bytes / 1024.0 / 1024.0:0.#} MB",
    };

    public static bool IsBusinessDay(DateOnly day) => day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    /// <summary>The business day <paramref name="days"/> business days after <paramref name="from"/>.</summary>
    public static DateOnly AddBusinessDays(DateOnly from, int days)
    {
        var day = from;
        while (days > 0)
        {
            day = day.AddDays(1);
            if (IsBusinessDay(day))
            {
                days--;
            }
        }
        return day;
    }
}
