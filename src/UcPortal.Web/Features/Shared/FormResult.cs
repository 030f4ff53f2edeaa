using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace UcPortal.Web.Features.Shared;

/// <summary>The outcome of a use case run from a form: done (with what to tell the user), refused
/// with a message per form field ("" for the form as a whole), or not found (an id of another tenant
/// looks exactly like an id that does not exist).</summary>
public class FormResult
{
    public Dictionary<string, string> Errors { get; } = [];

    public bool NotFound { get; protected init; }

    public bool Succeeded => !NotFound && Errors.Count == 0;

    /// <summary>What to tell the user once it is done, if the use case words it.</summary>
    public string? Message { get; protected init; }

    /// <summary>The first refusal's message, for pages that show one line.</summary>
    public string? Error => Errors.Values.FirstOrDefault();

    public static FormResult Ok(string? message = null) => new() { Message = message };

    public static FormResult Missing() => new() { NotFound = true };

    public static FormResult Refused(string field, string message) => Refused(new Dictionary<string, string> { [field] = message });

    public static FormResult Refused(IReadOnlyDictionary<string, string> errors) => new FormResult().CopyErrors(errors);

    /// <summary>This outcome, handing back <paramref name="value"/> (and saying <paramref name="message"/>) when it succeeded.</summary>
    public FormResult<T> With<T>(T value, string? message = null) =>
        (FormResult<T>)new FormResult<T> { NotFound = NotFound, Value = Succeeded ? value : default, Message = Succeeded ? message : null }.CopyErrors(Errors);

    /// <summary>Puts the messages next to their fields, named with the form's prefix ("Form.").</summary>
    /// <param name="replaceBinderMessages">For use cases that check every field themselves: the binder's
    /// own messages ("The Name field is required.") would only crowd out the clearer one.</param>
    public void AddTo(ModelStateDictionary modelState, string prefix = "", bool replaceBinderMessages = false)
    {
        if (replaceBinderMessages)
        {
            modelState.Clear();
        }
        foreach (var (field, message) in Errors)
        {
            modelState.AddModelError(field.Length == 0 ? "" : prefix + field, message);
        }
    }

    private FormResult CopyErrors(IReadOnlyDictionary<string, string> errors)
    {
        foreach (var (field, message) in errors)
        {
            Errors[field] = message;
        }
        return this;
    }
}

/// <summary>A <see cref="FormResult"/> that also hands back what the use case made (a new id, a password).</summary>
public sealed class FormResult<T> : FormResult
{
    public T? Value { get; init; }

    public static FormResult<T> Ok(T value, string? message = null) => new() { Value = value, Message = message };

    public static new FormResult<T> Missing() => new() { NotFound = true };

    /// <param name="value">What the page needs to say more about the refusal, if anything.</param>
    public static FormResult<T> Refused(string field, string message, T? value = default)
    {
        var result = new FormResult<T> { Value = value };
        result.Errors[field] = message;
        return result;
    }
}

public static class FormResultRedirects
{
    /// <summary>For actions that go back to a page after the change: an id of another tenant is a 404;
    /// otherwise a redirect to <paramref name="url"/>, the message in TempData[<paramref name="doneKey"/>]
    /// or the refusal in TempData[<paramref name="refusedKey"/>].</summary>
    public static IActionResult RedirectWith(this Controller controller, FormResult result, string url, string doneKey, string refusedKey)
    {
        if (result.NotFound)
        {
            return controller.NotFound();
        }
        controller.TempData[result.Succeeded ? doneKey : refusedKey] = result.Succeeded ? result.Message : result.Error;
        return controller.Redirect(url);
    }
}
