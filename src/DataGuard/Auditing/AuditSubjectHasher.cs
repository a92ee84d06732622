// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Buffers.Text;
using System.Collections.Generic;
using DataGuard.Encryption;

namespace DataGuard.Auditing;

/// <summary>
/// The <see cref="IAuditSubjectHasher"/>: a blind index (truncated HMAC-SHA256 with the key ring's index key, derived for the reserved
/// logical name <see cref="LogicalName"/>) of the normalised identifier, written as <c>s1:</c> followed by its base64url text.
/// </summary>
/// <remarks>
/// <para>
/// <b>Normalisation.</b> The identifier is trimmed. When an <see cref="IPhoneNumberNormalizer"/> is registered (<c>AddPhoneNumbers()</c>)
/// and the identifier is written like a phone number (digits, spaces, <c>+ - . ( ) /</c>, at least <see cref="MinPhoneDigits"/> digits)
/// and parses with the default region, its E.164 form is hashed, so <c>+91 98765 43210</c> and <c>098765 43210</c> (region IN) give the
/// same hash. Anything else (e-mail addresses, customer ids) is hashed as its trimmed ordinal text: normalise it yourself if your
/// identifiers have several spellings. A numeric customer id that happens to parse as a phone number is hashed as that number, which
/// keeps it consistent with itself.
/// </para>
/// <para>
/// <b>Keys.</b> <see cref="Hash"/> uses the active index key; <see cref="HashCandidates"/> uses every usable index key, so a lookup
/// finds records written before an index-key rotation. Records hashed under a destroyed index key are no longer findable by subject.
/// </para>
/// <para>Thread-safe.</para>
/// </remarks>
internal sealed class AuditSubjectHasher : IAuditSubjectHasher
{
    /// <summary>The reserved logical name the subject index key is derived for.</summary>
    public const string LogicalName = "dataguard:audit:subject";

    /// <summary>The prefix of every subject hash (format version 1).</summary>
    public const string Prefix = "s1:";

    /// <summary>The fewest digits an identifier needs to be read as a phone number.</summary>
    public const int MinPhoneDigits = 6;

    private readonly ColumnProtector _protector;
    private readonly IPhoneNumberNormalizer? _phoneNumbers;
    private readonly int _hashLength;

    public AuditSubjectHasher(FieldEncryptor encryptor, IPhoneNumberNormalizer? phoneNumbers = null)
    {
        ArgumentNullException.ThrowIfNull(encryptor);
        _protector = encryptor.CreateColumnProtector(new ColumnProtectionSettings(
            "DataGuard audit", "subject", LogicalName, typeof(string), EncryptionAlgorithm.Default, Searchable: true, NormalizerName: null, AllowPlaintextMigration: false));
        _phoneNumbers = phoneNumbers;
        _hashLength = Prefix.Length + _protector.IndexTextLength;
    }

    public string Hash(string identifier) => Prefix + _protector.ComputeBlindIndex(Normalize(identifier));

    public IReadOnlyList<string> HashCandidates(string identifier)
    {
        var indexes = _protector.ComputeBlindIndexCandidates(Normalize(identifier));
        var result = new string[indexes.Length];
        for (var i = 0; i < indexes.Length; i++)
        {
            result[i] = Prefix + indexes[i];
        }

        return result;
    }

    public bool IsHash(string value)
    {
        if (value is null || value.Length != _hashLength || !value.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var text = value.AsSpan(Prefix.Length);
        foreach (var c in text)
        {
            if (c is not ((>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_'))
            {
                return false;
            }
        }

        return Base64Url.IsValid(text, out var decodedLength) && decodedLength == _protector.IndexSize;
    }

    private string Normalize(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        var trimmed = identifier.Trim();
        if (trimmed.Length == 0)
        {
            // The message never echoes the value.
            throw new ArgumentException("The data subject's identifier is empty or white space.", nameof(identifier));
        }

        return _phoneNumbers is not null && IsPhoneLike(trimmed) && _phoneNumbers.TryNormalize(trimmed, null, out var e164, out _)
            ? e164
            : trimmed;
    }

    private static bool IsPhoneLike(string value)
    {
        var digits = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (!(c is ' ' or '-' or '.' or '(' or ')' or '/' || (c == '+' && i == 0)))
            {
                return false;
            }
        }

        return digits >= MinPhoneDigits;
    }
}
