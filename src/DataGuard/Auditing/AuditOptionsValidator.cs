// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using Microsoft.Extensions.Options;

namespace DataGuard.Auditing;

/// <summary>Validates the DataAnnotations ranges of <see cref="AuditOptions"/> at start-up (source-generated).</summary>
[OptionsValidator]
internal sealed partial class AuditOptionsValidator : IValidateOptions<AuditOptions>
{
}
