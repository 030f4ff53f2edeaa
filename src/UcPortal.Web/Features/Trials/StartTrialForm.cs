using System.ComponentModel.DataAnnotations;

namespace UcPortal.Web.Features.Trials;

public sealed class StartTrialForm
{
    [Required(ErrorMessage = "Enter your name.")]
    [StringLength(120, ErrorMessage = "Keep your name under 120 characters.")]
    [Display(Name = "Your name")]
    public string FullName { get; set; } = "";

    [Required(ErrorMessage = "Enter your company's name.")]
    [StringLength(120, ErrorMessage = "Keep the company name under 120 characters.")]
    [Display(Name = "Company")]
    public string Company { get; set; } = "";

    [Required(ErrorMessage = "Enter your work email address.")]
    [StringLength(254)]
    [Display(Name = "Work email")]
    public string Email { get; set; } = "";

    [Required(ErrorMessage = "Choose a password.")]
    [StringLength(128, ErrorMessage = "Use at most 128 characters.")]
    [DataType(DataType.Password)]
    [Display(Name = "Password")]
    public string Password { get; set; } = "";

    [Required(ErrorMessage = "Choose your country.")]
    [Display(Name = "Country")]
    public string Country { get; set; } = "";

    [Required(ErrorMessage = "Enter your mobile number.")]
    [StringLength(32)]
    [Display(Name = "Mobile number")]
    public string Mobile { get; set; } = "";

    [Required(ErrorMessage = "Choose where you want your trial number.")]
    [Display(Name = "Trial number area")]
    public string Area { get; set; } = "";
}
