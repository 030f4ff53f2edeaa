using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace UcPortal.Web.Features.Pbx;

/// <summary>Puts a refused change's messages next to their fields.</summary>
public static class PbxForms
{
    public static void AddErrors(ModelStateDictionary modelState, PbxResult result)
    {
        // The handlers check every field themselves; the binder's own messages ("The Name field is
        // required.") would only crowd out the clearer one.
        modelState.Clear();
        foreach (var (field, message) in result.Errors)
        {
            modelState.AddModelError(field, message);
        }
    }
}
