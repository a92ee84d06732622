// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using Microsoft.Extensions.Options;

namespace DataGuard.Retention;

/// <summary>Validates the policies of <see cref="RetentionOptions"/> at start-up. STUB: helper B implements.</summary>
internal sealed class RetentionPoliciesValidator : IValidateOptions<RetentionOptions>
{
    public ValidateOptionsResult Validate(string? name, RetentionOptions options) => ValidateOptionsResult.Success;
}
