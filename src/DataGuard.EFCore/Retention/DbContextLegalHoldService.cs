// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.Auditing;
using DataGuard.Encryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DataGuard.EFCore.Retention;

/// <summary>
/// The <see cref="ILegalHoldService"/> over the <c>DataGuardLegalHolds</c> table of <typeparamref name="TContext"/> (added by
/// <c>modelBuilder.AddDataGuard()</c>). Each call uses a fresh context from a new scope. Thread-safe (a singleton).
/// </summary>
/// <remarks>
/// <para><b>Input.</b> Blank or too long strings throw <see cref="ArgumentException"/> naming the parameter, never echoing its value;
/// an expiry not after now (<see cref="TimeProvider"/>) is refused. Tenant ids are stored as given; a subject's identifier is trimmed.</para>
/// <para><b>Subjects.</b> The identifier is stored encrypted (AEAD bound to <c>DataGuardLegalHolds.SubjectValue</c>, no blind index) with
/// its subject hash from <see cref="IAuditSubjectHasher"/> (the audit trail's hasher when <c>AddAudit</c> registered it, else one over the
/// same key ring, so hashes agree either way). The purge decrypts it to compute each table's own blind-index candidates.</para>
/// <para><b>Records.</b> The type must be an entity type of the context's model with a single-column primary key; the key must be of
/// the key's CLR type, a number that converts to it without loss, or text that parses as it. It is stored as invariant text
/// (<see cref="Guid"/> in <c>D</c> format, numbers in the invariant culture).</para>
/// <para><b>Audit.</b> Placing and lifting write an event through <see cref="IAuditSink"/>: action <see cref="AuditActions.LegalHold"/>,
/// purpose <c>place</c> or <c>lift</c>, the actor, the reason, the tenant, the hold id as resource id and, for subject holds, the
/// subject hash; never the identifier.</para>
/// </remarks>
/// <typeparam name="TContext">The application's context.</typeparam>
internal sealed class DbContextLegalHoldService<TContext> : ILegalHoldService
    where TContext : DbContext
{
    /// <summary>The audit purpose of placing a hold.</summary>
    public const string PlacePurpose = "place";

    /// <summary>The audit purpose of lifting a hold.</summary>
    public const string LiftPurpose = "lift";

    private readonly IServiceScopeFactory _scopes;
    private readonly FieldEncryptor _encryptor;
    private readonly IAuditSink _audit;
    private readonly TimeProvider _time;
    private readonly IAuditSubjectHasher _hasher;

    public DbContextLegalHoldService(
        IServiceScopeFactory scopes,
        FieldEncryptor encryptor,
        IAuditSink audit,
        TimeProvider timeProvider,
        IAuditSubjectHasher? subjectHasher = null,
        IPhoneNumberNormalizer? phoneNumbers = null)
    {
        _scopes = scopes;
        _encryptor = encryptor;
        _audit = audit;
        _time = timeProvider;
        _hasher = subjectHasher ?? new AuditSubjectHasher(encryptor, phoneNumbers);
    }

    public Task<LegalHold> PlaceOnTenantAsync(string tenantId, LegalHoldDetails details, CancellationToken cancellationToken = default)
    {
        ValidateText(tenantId, RetentionModel.TenantLength, nameof(tenantId));
        var now = ValidateDetails(details, nameof(details));
        var entity = NewEntity(LegalHoldScope.Tenant, details, now);
        entity.TenantId = tenantId;
        return PlaceAsync(entity, cancellationToken);
    }

    public Task<LegalHold> PlaceOnSubjectAsync(string identifier, LegalHoldDetails details, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        var trimmed = identifier.Trim();
        ValidateText(trimmed, RetentionModel.IdentifierLength, nameof(identifier));
        var now = ValidateDetails(details, nameof(details));
        var entity = NewEntity(LegalHoldScope.Subject, details, now);
        entity.TenantId = details.TenantId;
        entity.SubjectValue = LegalHoldReader.ProtectorFor(_encryptor).EncryptString(trimmed);
        entity.SubjectHash = _hasher.Hash(trimmed);
        return PlaceAsync(entity, cancellationToken);
    }

    public async Task<LegalHold> PlaceOnRecordAsync(Type entityType, object key, LegalHoldDetails details, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entityType);
        ArgumentNullException.ThrowIfNull(key);
        var now = ValidateDetails(details, nameof(details));
        string recordKey;
        using (var scope = _scopes.CreateScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<TContext>();
            recordKey = RecordKeyOf(context, entityType, key);
        }

        var entity = NewEntity(LegalHoldScope.Record, details, now);
        entity.TenantId = details.TenantId;
        entity.EntityType = entityType.FullName;
        entity.RecordKey = recordKey;
        return await PlaceAsync(entity, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> LiftAsync(Guid holdId, string liftedBy, string reason, CancellationToken cancellationToken = default)
    {
        ValidateText(liftedBy, RetentionModel.IdentifierLength, nameof(liftedBy));
        ValidateText(reason, RetentionModel.ReasonLength, nameof(reason));
        var now = _time.GetUtcNow();
        var nowMicros = LegalHoldReader.ToMicros(now);
        using var scope = _scopes.CreateScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        var holds = context.Set<DataGuardLegalHoldEntity>().IgnoreQueryFilters();
        var lifted = await holds
            .Where(h => h.Id == holdId && h.LiftedAtMicros == null)
            .ExecuteUpdateAsync(
                s => s.SetProperty(h => h.LiftedAtMicros, nowMicros).SetProperty(h => h.LiftedBy, liftedBy).SetProperty(h => h.LiftReason, reason),
                cancellationToken)
            .ConfigureAwait(false);
        if (lifted == 0)
        {
            return false;
        }

        var hold = await holds.AsNoTracking()
            .Where(h => h.Id == holdId)
            .Select(h => new { h.Scope, h.TenantId, h.SubjectHash })
            .SingleAsync(cancellationToken)
            .ConfigureAwait(false);
        await _audit.WriteAsync(
            new AuditEvent
            {
                Action = AuditActions.LegalHold,
                Purpose = LiftPurpose,
                Timestamp = now,
                ActorId = liftedBy,
                TenantId = hold.TenantId,
                Resource = RetentionModel.LegalHoldTableName,
                ResourceId = holdId.ToString("D"),
                Reason = reason,
                Count = 1,
                Subjects = hold.SubjectHash is null ? [] : [hold.SubjectHash],
            },
            cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<IReadOnlyList<LegalHold>> GetActiveAsync(string? tenantId = null, CancellationToken cancellationToken = default)
    {
        if (tenantId is not null)
        {
            ValidateText(tenantId, RetentionModel.TenantLength, nameof(tenantId));
        }

        var nowMicros = LegalHoldReader.ToMicros(_time.GetUtcNow());
        using var scope = _scopes.CreateScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        var query = LegalHoldReader.Active(context.Set<DataGuardLegalHoldEntity>().IgnoreQueryFilters().AsNoTracking(), nowMicros);
        if (tenantId is not null)
        {
            query = query.Where(h => h.TenantId == tenantId);
        }

        var rows = await query.OrderBy(h => h.PlacedAtMicros).ThenBy(h => h.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        var result = new LegalHold[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            result[i] = ToHold(rows[i]);
        }

        return result;
    }

    /// <summary>The invariant text of <paramref name="key"/> as the single-column primary key of <paramref name="entityType"/>.</summary>
    internal static string RecordKeyOf(DbContext context, Type entityType, object key)
    {
        var type = context.Model.FindEntityType(entityType);
        if (type is null || type.IsOwned())
        {
            throw new ArgumentException($"{entityType.Name} is not an entity type of {context.GetType().Name}'s model.", nameof(entityType));
        }

        var primaryKey = type.FindPrimaryKey();
        if (primaryKey is null || primaryKey.Properties.Count != 1)
        {
            throw new ArgumentException(
                $"A record hold needs a single-column primary key; {entityType.Name} has {(primaryKey is null ? "none" : primaryKey.Properties.Count.ToString(CultureInfo.InvariantCulture) + " key columns")}.",
                nameof(entityType));
        }

        var keyType = Nullable.GetUnderlyingType(primaryKey.Properties[0].ClrType) ?? primaryKey.Properties[0].ClrType;
        var converted = ConvertKey(key, keyType)
            ?? throw new ArgumentException($"The key of a hold on {entityType.Name} must be a {keyType.Name} (or convert to one); a {key.GetType().Name} that does not was given.", nameof(key));
        var text = converted switch
        {
            string s => s,
            Guid g => g.ToString("D"),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => converted.ToString() ?? string.Empty,
        };
        ValidateText(text, RetentionModel.IdentifierLength, nameof(key));

        // The purge reads the key back from its text: a key whose text does not convert back to the same value (a strongly typed id,
        // a byte array) could never be matched, so the hold would silently hold nothing. Refuse it here instead.
        if (RetentionValues.FromText(text, keyType) is not { } roundTrip || !roundTrip.Equals(converted))
        {
            throw new ArgumentException(
                $"A record hold on {entityType.Name} cannot be placed: its key type {keyType.Name} has no invariant text form that converts back to the same key (record holds support string, Guid, integer, decimal and enum keys).",
                nameof(key));
        }

        return text;
    }

    private static object? ConvertKey(object key, Type keyType)
    {
        if (keyType.IsInstanceOfType(key))
        {
            return key;
        }

        try
        {
            if (key is string text)
            {
                if (keyType == typeof(Guid))
                {
                    return Guid.TryParse(text, out var guid) ? guid : null;
                }

                return IsInteger(keyType) || keyType == typeof(decimal)
                    ? Convert.ChangeType(text, keyType, CultureInfo.InvariantCulture)
                    : null;
            }

            if (IsInteger(keyType) && (IsInteger(key.GetType()) || key is decimal))
            {
                var converted = Convert.ChangeType(key, keyType, CultureInfo.InvariantCulture);
                return key is decimal d && d != decimal.Truncate(d) ? null : converted;
            }

            if (keyType == typeof(string) && (IsInteger(key.GetType()) || key is Guid))
            {
                return key is Guid g ? g.ToString("D") : ((IFormattable)key).ToString(null, CultureInfo.InvariantCulture);
            }
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or InvalidCastException)
        {
            return null;
        }

        return null;
    }

    private static bool IsInteger(Type type)
        => type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte)
            || type == typeof(uint) || type == typeof(ulong) || type == typeof(ushort) || type == typeof(sbyte);

    /// <summary>Refuses a null, blank or too long value, naming the parameter only.</summary>
    private static void ValidateText(string? value, int maxLength, string parameterName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, parameterName);
        if (value.Length > maxLength)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The value is longer than {maxLength} characters."), parameterName);
        }
    }

    private static ArgumentException Invalid(string message, string parameterName) => new(message, parameterName);

    private static LegalHold ToHold(DataGuardLegalHoldEntity row) => new()
    {
        Id = row.Id,
        Scope = (LegalHoldScope)row.Scope,
        TenantId = row.TenantId,
        SubjectHash = row.SubjectHash,
        EntityType = row.EntityType,
        RecordKey = row.RecordKey,
        Reason = row.Reason,
        PlacedBy = row.PlacedBy,
        PlacedAt = LegalHoldReader.FromMicros(row.PlacedAtMicros),
        ExpiresAt = row.ExpiresAtMicros is { } expires ? LegalHoldReader.FromMicros(expires) : null,
        LiftedAt = row.LiftedAtMicros is { } lifted ? LegalHoldReader.FromMicros(lifted) : null,
        LiftedBy = row.LiftedBy,
        LiftReason = row.LiftReason,
    };

    private static DataGuardLegalHoldEntity NewEntity(LegalHoldScope scope, LegalHoldDetails details, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        Scope = (int)scope,
        Reason = details.Reason,
        PlacedBy = details.PlacedBy,
        PlacedAtMicros = LegalHoldReader.ToMicros(now),
        ExpiresAtMicros = details.ExpiresAt is { } expires ? LegalHoldReader.ToMicros(expires) : null,
    };

    /// <summary>Validates the details and returns now.</summary>
    private DateTimeOffset ValidateDetails(LegalHoldDetails details, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(details, parameterName);
        ValidateText(details.Reason, RetentionModel.ReasonLength, nameof(LegalHoldDetails.Reason));
        ValidateText(details.PlacedBy, RetentionModel.IdentifierLength, nameof(LegalHoldDetails.PlacedBy));
        if (details.TenantId is not null)
        {
            ValidateText(details.TenantId, RetentionModel.TenantLength, nameof(LegalHoldDetails.TenantId));
        }

        var now = _time.GetUtcNow();
        if (details.ExpiresAt is { } expires && LegalHoldReader.ToMicros(expires) <= LegalHoldReader.ToMicros(now))
        {
            throw Invalid("The hold's expiry must be in the future.", nameof(LegalHoldDetails.ExpiresAt));
        }

        return now;
    }

    private async Task<LegalHold> PlaceAsync(DataGuardLegalHoldEntity entity, CancellationToken cancellationToken)
    {
        using (var scope = _scopes.CreateScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<TContext>();
            context.Set<DataGuardLegalHoldEntity>().Add(entity);
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        var hold = ToHold(entity);
        await _audit.WriteAsync(
            new AuditEvent
            {
                Action = AuditActions.LegalHold,
                Purpose = PlacePurpose,
                Timestamp = hold.PlacedAt,
                ActorId = hold.PlacedBy,
                TenantId = hold.TenantId,
                Resource = RetentionModel.LegalHoldTableName,
                ResourceId = hold.Id.ToString("D"),
                Reason = hold.Reason,
                Count = 1,
                Subjects = hold.SubjectHash is null ? [] : [hold.SubjectHash],
            },
            cancellationToken).ConfigureAwait(false);
        return hold;
    }
}
