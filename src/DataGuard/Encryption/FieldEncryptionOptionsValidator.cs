// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using Microsoft.Extensions.Options;

namespace DataGuard.Encryption;

/// <summary>Validates <see cref="FieldEncryptionOptions"/> at start-up (source-generated).</summary>
[OptionsValidator]
internal sealed partial class FieldEncryptionOptionsValidator : IValidateOptions<FieldEncryptionOptions>
{
}
