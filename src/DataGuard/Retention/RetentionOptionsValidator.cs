// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using Microsoft.Extensions.Options;

namespace DataGuard.Retention;

/// <summary>Validates the DataAnnotations ranges of <see cref="RetentionOptions"/> at start-up (source-generated).</summary>
[OptionsValidator]
internal sealed partial class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
{
}
