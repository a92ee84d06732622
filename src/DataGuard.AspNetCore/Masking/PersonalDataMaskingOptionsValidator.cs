// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using Microsoft.Extensions.Options;

namespace DataGuard.AspNetCore.Masking;

/// <summary>Validates <see cref="PersonalDataMaskingOptions"/> at start-up; the failures name the setting.</summary>
internal sealed class PersonalDataMaskingOptionsValidator : IValidateOptions<PersonalDataMaskingOptions>
{
    public ValidateOptionsResult Validate(string? name, PersonalDataMaskingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Scope))
        {
            failures.Add($"{nameof(PersonalDataMaskingOptions.Scope)} must be {nameof(MaskingScope.Endpoint)} or {nameof(MaskingScope.Global)}.");
        }

        if (!IsToken(options.PurposeHeaderName))
        {
            failures.Add($"{nameof(PersonalDataMaskingOptions.PurposeHeaderName)} must be a non-empty HTTP header name (letters, digits and !#$%&'*+-.^_`|~).");
        }

        if (options.MaxPurposeLength is < 1 or > 1000)
        {
            failures.Add($"{nameof(PersonalDataMaskingOptions.MaxPurposeLength)} must be between 1 and 1000.");
        }

        foreach (var purpose in options.AllowedPurposes)
        {
            if (string.IsNullOrWhiteSpace(purpose) || purpose.Length > options.MaxPurposeLength || purpose.AsSpan().Trim().Length != purpose.Length)
            {
                failures.Add($"{nameof(PersonalDataMaskingOptions.AllowedPurposes)} holds an empty, padded or too long purpose.");
                break;
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsToken(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && "!#$%&'*+-.^_`|~".IndexOf(c, StringComparison.Ordinal) < 0)
            {
                return false;
            }
        }

        return true;
    }
}
