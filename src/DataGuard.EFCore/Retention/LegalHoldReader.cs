// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.Auditing;
using DataGuard.Encryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DataGuard.EFCore.Retention;

/// <summary>
/// Loads the legal holds in force from <c>DataGuardLegalHolds</c>, and holds what the hold service and the purge share: the protector
/// of subject identifiers and the Unix-microsecond time conversions.
/// </summary>
/// <remarks>
/// A subject hold whose identifier cannot be decrypted (a destroyed or missing key, a tampered value) is never dropped: loading throws
/// <see cref="DataGuardCryptographicException"/>, so the purge fails safe instead of deleting rows the hold covers.
/// </remarks>
internal static class LegalHoldReader
{
    /// <summary>The table column subject identifiers are encrypted for (their ciphertexts are bound to this logical name).</summary>
    public const string SubjectValueLogicalName = RetentionModel.LegalHoldTableName + ".SubjectValue";

    private static readonly ConditionalWeakTable<FieldEncryptor, ColumnProtector> Protectors = [];

    /// <summary>The protector of <c>DataGuardLegalHolds.SubjectValue</c> (encryption only, no blind index), one per key ring.</summary>
    /// <param name="encryptor">The key ring's encryptor.</param>
    /// <returns>The protector.</returns>
    public static ColumnProtector ProtectorFor(FieldEncryptor encryptor)
        => Protectors.GetValue(encryptor, static e => e.CreateColumnProtector(
            new ColumnProtectionSettings(RetentionModel.LegalHoldTableName, "SubjectValue", SubjectValueLogicalName, typeof(string), EncryptionAlgorithm.Default, Searchable: false, NormalizerName: null, AllowPlaintextMigration: false)));

    /// <summary>An instant as Unix microseconds (UTC), truncated.</summary>
    /// <param name="value">The instant.</param>
    /// <returns>Microseconds since 1970-01-01T00:00Z.</returns>
    public static long ToMicros(DateTimeOffset value) => (value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;

    /// <summary>Unix microseconds (UTC) as an instant with offset zero.</summary>
    /// <param name="micros">Microseconds since 1970-01-01T00:00Z.</param>
    /// <returns>The instant.</returns>
    public static DateTimeOffset FromMicros(long micros) => new(DateTimeOffset.UnixEpoch.UtcTicks + (micros * TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);

    /// <summary>Loads the holds in force at <paramref name="now"/> (not lifted, not expired), decrypting subject identifiers.</summary>
    /// <param name="context">A context whose model holds the retention tables.</param>
    /// <param name="encryptor">The key ring's encryptor.</param>
    /// <param name="now">The instant.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The holds.</returns>
    /// <exception cref="DataGuardCryptographicException">A subject hold's identifier cannot be decrypted (the message names the hold, never the identifier).</exception>
    /// <param name="hasher">
    /// When given, the hasher the holds were placed with (<see cref="HasherFor"/>): each subject hold's decrypted identifier must hash to
    /// its stored subject hash, so a ciphertext moved from another hold is refused.
    /// </param>
    /// <exception cref="DataGuardCryptographicException">A subject hold's identifier does not match its subject hash (with <paramref name="hasher"/>).</exception>
    public static async Task<ActiveLegalHolds> LoadAsync(
        DbContext context, FieldEncryptor encryptor, DateTimeOffset now, CancellationToken cancellationToken, IAuditSubjectHasher? hasher = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(encryptor);
        var nowMicros = ToMicros(now);
        var rows = await Active(context.Set<DataGuardLegalHoldEntity>().IgnoreQueryFilters(), nowMicros)
            .Select(h => new { h.Id, h.Scope, h.TenantId, h.SubjectValue, h.SubjectHash, h.EntityType, h.RecordKey })
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        if (rows.Count == 0)
        {
            return ActiveLegalHolds.None;
        }

        var tenants = new HashSet<string>(StringComparer.Ordinal);
        var records = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var subjects = new List<(string Identifier, string? TenantId)>();
        var subjectSeen = new HashSet<(string, string?)>();
        ColumnProtector? protector = null;
        foreach (var row in rows)
        {
            switch ((LegalHoldScope)row.Scope)
            {
                case LegalHoldScope.Tenant when row.TenantId is not null:
                    tenants.Add(row.TenantId);
                    break;
                case LegalHoldScope.Record when row.EntityType is not null && row.RecordKey is not null:
                    if (!records.TryGetValue(row.EntityType, out var keys))
                    {
                        records.Add(row.EntityType, keys = []);
                    }

                    keys.Add(row.RecordKey);
                    break;
                case LegalHoldScope.Subject:
                    protector ??= ProtectorFor(encryptor);
                    var identifier = Decrypt(protector, row.Id, row.SubjectValue);
                    if (hasher is not null)
                    {
                        Verify(hasher, row.Id, identifier, row.SubjectHash);
                    }

                    if (subjectSeen.Add((identifier, row.TenantId)))
                    {
                        subjects.Add((identifier, row.TenantId));
                    }

                    break;
                default:
                    // A row the service never writes (unknown scope or missing columns): fail safe rather than ignore a hold.
                    throw new InvalidOperationException(
                        $"Legal hold {row.Id:D} in {RetentionModel.LegalHoldTableName} is malformed (scope {row.Scope} without its columns); no retention purge runs until it is fixed or lifted.");
            }
        }

        var recordLists = new Dictionary<string, IReadOnlyList<string>>(records.Count, StringComparer.Ordinal);
        foreach (var (entity, keys) in records)
        {
            recordLists.Add(entity, keys);
        }

        return new ActiveLegalHolds(tenants, recordLists, subjects);
    }

    /// <summary>The holds in force at <paramref name="nowMicros"/>: not lifted, and not expired (in force up to, not at, the expiry).</summary>
    /// <param name="holds">The holds.</param>
    /// <param name="nowMicros">The instant in Unix microseconds.</param>
    /// <returns>The filtered query.</returns>
    internal static IQueryable<DataGuardLegalHoldEntity> Active(IQueryable<DataGuardLegalHoldEntity> holds, long nowMicros)
        => holds.Where(h => h.LiftedAtMicros == null && (h.ExpiresAtMicros == null || h.ExpiresAtMicros > nowMicros));

    /// <summary>
    /// The subject hasher legal holds are placed with: the registered <see cref="IAuditSubjectHasher"/> (the audit trail's), else one over
    /// the key ring with the registered phone-number normaliser (what <see cref="DbContextLegalHoldService{TContext}"/> uses).
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="encryptor">The key ring's encryptor.</param>
    /// <returns>The hasher.</returns>
    public static IAuditSubjectHasher HasherFor(IServiceProvider services, FieldEncryptor encryptor)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.GetService<IAuditSubjectHasher>() ?? new AuditSubjectHasher(encryptor, services.GetService<IPhoneNumberNormalizer>());
    }

    /// <summary>Checks in constant time that the identifier hashes to the hold's stored subject hash; fails closed otherwise.</summary>
    private static void Verify(IAuditSubjectHasher hasher, Guid holdId, string identifier, string? storedHash)
    {
        var expected = Encoding.UTF8.GetBytes(hasher.Hash(identifier));
        var stored = Encoding.UTF8.GetBytes(storedHash ?? string.Empty);
        if (!CryptographicOperations.FixedTimeEquals(expected, stored))
        {
            throw new DataGuardCryptographicException(
                $"The subject identifier of legal hold {holdId:D} does not match its subject hash (the stored value was altered or moved from another hold); no retention purge runs until the hold is lifted and placed again.",
                CryptographicFailureReason.AuthenticationFailed,
                SubjectValueLogicalName,
                keyId: null);
        }
    }

    private static string Decrypt(ColumnProtector protector, Guid holdId, string? stored)
    {
        if (string.IsNullOrEmpty(stored))
        {
            throw new DataGuardCryptographicException(
                $"Legal hold {holdId:D} has no stored subject identifier; no retention purge runs until it is lifted.",
                CryptographicFailureReason.MalformedValue,
                SubjectValueLogicalName,
                keyId: null);
        }

        string? identifier;
        try
        {
            identifier = protector.DecryptString(stored);
        }
        catch (DataGuardCryptographicException ex)
        {
            throw new DataGuardCryptographicException(
                $"The subject identifier of legal hold {holdId:D} cannot be decrypted ({ex.Reason}); no retention purge runs until its key is restored or the hold is lifted.",
                ex.Reason,
                SubjectValueLogicalName,
                ex.KeyId,
                ex);
        }

        return identifier ?? throw new DataGuardCryptographicException(
            $"The subject identifier of legal hold {holdId:D} cannot be decrypted (its key was destroyed); no retention purge runs until the hold is lifted.",
            CryptographicFailureReason.KeyDestroyed,
            SubjectValueLogicalName,
            keyId: null);
    }
}
