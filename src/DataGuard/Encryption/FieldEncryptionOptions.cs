// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.ComponentModel.DataAnnotations;

namespace DataGuard.Encryption;

/// <summary>
/// Options of field encryption, the key ring and blind indexes.
/// </summary>
public sealed class FieldEncryptionOptions : IValidatableObject
{
    /// <summary>
    /// Gets or sets the algorithm used for properties that do not name one.
    /// </summary>
    /// <value>The default is <see cref="EncryptionAlgorithm.Aes256Gcm"/>.</value>
    public EncryptionAlgorithm DefaultAlgorithm { get; set; } = EncryptionAlgorithm.Aes256Gcm;

    /// <summary>
    /// Gets or sets the number of bytes of HMAC-SHA256 kept in a blind index (16 to 32).
    /// </summary>
    /// <value>The default is 16 (128 bits).</value>
    [Range(16, 32)]
    public int BlindIndexSize { get; set; } = 16;

    /// <summary>
    /// Gets or sets how often the key ring is reloaded from its store, so that keys added by other application instances are seen.
    /// </summary>
    /// <value>The default is 5 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan KeyRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Gets or sets the shortest time between two reloads caused by ciphertexts that name unknown keys (so that injected unknown key
    /// ids cannot flood the key store). The first unknown id after a quiet period always reloads the ring.
    /// </summary>
    /// <value>The default is 1 second.</value>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan UnknownKeyRefreshCooldown { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Gets or sets the age after which the active data-encryption key is replaced automatically by a new one
    /// (old keys keep decrypting). <see langword="null"/> turns automatic rotation off.
    /// </summary>
    /// <value>The default is 90 days, which keeps every AES-256-GCM key far below its 2^32-message limit for random nonces.</value>
    public TimeSpan? DataKeyLifetime { get; set; } = TimeSpan.FromDays(90);

    /// <summary>
    /// Gets or sets what reading a value whose key was destroyed gives.
    /// </summary>
    /// <value>The default is <see cref="DestroyedKeyBehavior.Throw"/>.</value>
    public DestroyedKeyBehavior DestroyedKeyBehavior { get; set; } = DestroyedKeyBehavior.Throw;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!AlgorithmParameters.IsKnown(DefaultAlgorithm))
        {
            yield return new ValidationResult(
                $"DefaultAlgorithm must be Aes256Gcm, XChaCha20Poly1305 or Aegis256 (it is '{DefaultAlgorithm}').",
                [nameof(DefaultAlgorithm)]);
        }

        if (DataKeyLifetime is { } lifetime && lifetime < TimeSpan.FromDays(1))
        {
            yield return new ValidationResult(
                $"DataKeyLifetime must be at least one day, or null to turn automatic rotation off (it is {lifetime}).",
                [nameof(DataKeyLifetime)]);
        }

        if (!Enum.IsDefined(DestroyedKeyBehavior))
        {
            yield return new ValidationResult(
                $"DestroyedKeyBehavior must be Throw or ReturnDefault (it is '{DestroyedKeyBehavior}').",
                [nameof(DestroyedKeyBehavior)]);
        }
    }
}
