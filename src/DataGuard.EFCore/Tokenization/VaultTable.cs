// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace DataGuard.EFCore.Tokenization;

/// <summary>
/// The vault table as mapped in one model (table, schema and column names, type mappings) and the SQL fragments built from it,
/// cached as a runtime annotation of the vault entity type.
/// </summary>
internal sealed class VaultTable
{
    private const string SqliteProvider = "Microsoft.EntityFrameworkCore.Sqlite";
    private const string NpgsqlProvider = "Npgsql.EntityFrameworkCore.PostgreSQL";

    private VaultTable(IEntityType entityType, ISqlGenerationHelper sql)
    {
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        Lookup = entityType.FindProperty(nameof(DataGuardTokenEntity.Lookup))!;
        Token = entityType.FindProperty(nameof(DataGuardTokenEntity.Token))!;
        Value = entityType.FindProperty(nameof(DataGuardTokenEntity.Value))!;
        TenantId = entityType.FindProperty(nameof(DataGuardTokenEntity.TenantId))!;
        Format = entityType.FindProperty(nameof(DataGuardTokenEntity.Format))!;
        CreatedAt = entityType.FindProperty(nameof(DataGuardTokenEntity.CreatedAt))!;
        string Column(IProperty property) => sql.DelimitIdentifier(property.GetColumnName(table)!);
        Name = sql.DelimitIdentifier(table.Name, table.Schema);
        LookupColumn = Column(Lookup);
        TokenColumn = Column(Token);
        ValueColumn = Column(Value);
        TenantIdColumn = Column(TenantId);
        FormatColumn = Column(Format);
        InsertPrefix = new StringBuilder("INSERT INTO ").Append(Name).Append(" (")
            .Append(LookupColumn).Append(", ").Append(TokenColumn).Append(", ").Append(ValueColumn).Append(", ")
            .Append(TenantIdColumn).Append(", ").Append(FormatColumn).Append(", ").Append(Column(CreatedAt)).Append(") VALUES ")
            .ToString();
    }

    public IProperty Lookup { get; }

    public IProperty Token { get; }

    public IProperty Value { get; }

    public IProperty TenantId { get; }

    public IProperty Format { get; }

    public IProperty CreatedAt { get; }

    /// <summary>Gets the delimited (schema-qualified) table name.</summary>
    public string Name { get; }

    public string LookupColumn { get; }

    public string TokenColumn { get; }

    public string ValueColumn { get; }

    public string TenantIdColumn { get; }

    public string FormatColumn { get; }

    /// <summary>Gets <c>INSERT INTO table (columns) VALUES </c>.</summary>
    public string InsertPrefix { get; }

    public static VaultTable For(DbContext context)
    {
        var entityType = context.Model.FindEntityType(typeof(DataGuardTokenEntity))
            ?? throw new InvalidOperationException(
                $"{context.GetType().Name} is used for DataGuard tokenization but its model has no {TokenVaultStore.TableName} table. "
                + "Call modelBuilder.AddDataGuard() in OnModelCreating, then add a migration.");
        var provider = context.Database.ProviderName;
        if (provider is not (SqliteProvider or NpgsqlProvider))
        {
            throw new NotSupportedException(
                $"The DataGuard token vault writes with INSERT ... ON CONFLICT DO NOTHING, which {provider ?? "this provider"} does not support. "
                + "Supported providers: SQLite and PostgreSQL.");
        }

        var sql = context.GetService<ISqlGenerationHelper>();
        return entityType.GetOrAddRuntimeAnnotationValue(TokenizationAnnotationNames.VaultTable, static s => new VaultTable(s.EntityType, s.Sql), (EntityType: entityType, Sql: sql));
    }
}
