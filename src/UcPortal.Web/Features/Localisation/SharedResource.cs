namespace UcPortal.Web;

/// <summary>The portal's one text resource (decision 036): <c>Resources/SharedResource.zh-CN.resx</c> (kept apart from
/// this class so the resource is named UcPortal.Web.Resources.SharedResource, where AddLocalization looks)
/// holds every translated phrase, keyed by its English text. English needs no file: a key that is
/// not found is shown as it is. Views use <c>T["…"]</c> (an <c>IHtmlLocalizer&lt;SharedResource&gt;</c>
/// injected in <c>_ViewImports</c>), classes inject <c>IStringLocalizer&lt;SharedResource&gt;</c>.</summary>
public sealed class SharedResource;
