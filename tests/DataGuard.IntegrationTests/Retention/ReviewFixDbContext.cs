// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using Microsoft.EntityFrameworkCore;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>
/// The review-fix tests' model: calls with clips (cascade, two levels) and tags (set null), all under a global tenant query filter that
/// reads <see cref="CurrentTenant"/>, which is null outside a request (so the filter hides every row from ordinary queries).
/// </summary>
public sealed class ReviewFixDbContext(DbContextOptions<ReviewFixDbContext> options) : DbContext(options)
{
    /// <summary>Gets or sets the request's tenant (null outside a request).</summary>
    public string? CurrentTenant { get; set; }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddDataGuard();
        modelBuilder.Entity<ReviewFixCall>(call =>
        {
            call.ToTable("ReviewFixCalls");
            call.Property(c => c.StartedAt).IsUtcTimestamp();
            call.HasMany(c => c.Clips).WithOne().HasForeignKey(c => c.CallId).OnDelete(DeleteBehavior.ClientCascade);
            call.HasQueryFilter(c => c.TenantId == CurrentTenant);
        });
        modelBuilder.Entity<ReviewFixClip>(clip =>
        {
            clip.ToTable("ReviewFixClips");
            clip.HasMany(c => c.Notes).WithOne().HasForeignKey(n => n.ClipId).OnDelete(DeleteBehavior.ClientCascade);
            clip.HasQueryFilter(c => c.TenantId == CurrentTenant);
        });
        modelBuilder.Entity<ReviewFixClipNote>().ToTable("ReviewFixClipNotes");
        modelBuilder.Entity<ReviewFixTag>(tag =>
        {
            tag.ToTable("ReviewFixTags");
            tag.HasOne<ReviewFixCall>().WithMany().HasForeignKey(t => t.CallId).OnDelete(DeleteBehavior.ClientSetNull);
            tag.HasQueryFilter(t => t.TenantId == CurrentTenant);
        });
        modelBuilder.Entity<ReviewFixThread>(thread =>
        {
            thread.ToTable("ReviewFixThreads");
            thread.HasOne<ReviewFixCall>().WithMany().HasForeignKey(t => t.CallId).OnDelete(DeleteBehavior.ClientCascade);
            thread.HasOne<ReviewFixThread>().WithMany().HasForeignKey(t => t.ParentId).OnDelete(DeleteBehavior.ClientCascade);
        });
        modelBuilder.Entity<ReviewFixGuidRow>(row =>
        {
            row.ToTable("ReviewFixGuidRows");
            row.Property(r => r.At).IsUtcTimestamp();
        });
        modelBuilder.Entity<ReviewFixBlob>(blob =>
        {
            blob.ToTable("ReviewFixBlobs");
            blob.Property(b => b.At).IsUtcTimestamp();
        });
    }
}
