// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using Microsoft.Extensions.Options;

namespace DataGuard.PhoneNumbers;

/// <summary>Validates <see cref="PhoneNumberOptions"/> at start-up (source-generated).</summary>
[OptionsValidator]
internal sealed partial class PhoneNumberOptionsValidator : IValidateOptions<PhoneNumberOptions>
{
}
