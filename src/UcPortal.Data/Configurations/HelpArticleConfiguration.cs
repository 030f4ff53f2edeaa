namespace UcPortal.Data.Configurations;

internal sealed class HelpCategoryConfiguration : IEntityTypeConfiguration<HelpCategory>
{
    public void Configure(EntityTypeBuilder<HelpCategory> b)
    {
        b.Property(x => x.Slug).HasMaxLength(80);
        b.HasIndex(x => x.Slug).IsUnique();
        b.Property(x => x.Name).HasMaxLength(80);
    }
}

internal sealed class HelpArticleConfiguration : IEntityTypeConfiguration<HelpArticle>
{
    public void Configure(EntityTypeBuilder<HelpArticle> b)
    {
        b.Property(x => x.Slug).HasMaxLength(120);
        b.HasIndex(x => x.Slug).IsUnique();
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.Summary).HasMaxLength(400);
        b.Property(x => x.ShippedContentHash).HasMaxLength(64);
        b.Property(x => x.UpdatedBy).HasMaxLength(256);
        b.HasOne(x => x.Category).WithMany(c => c.Articles).HasForeignKey(x => x.CategoryId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class HelpArticleTranslationConfiguration : IEntityTypeConfiguration<HelpArticleTranslation>
{
    public void Configure(EntityTypeBuilder<HelpArticleTranslation> b)
    {
        b.Property(x => x.Culture).HasMaxLength(10);
        b.HasIndex(x => new { x.ArticleId, x.Culture }).IsUnique();
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.Summary).HasMaxLength(400);
        b.Property(x => x.ShippedContentHash).HasMaxLength(64);
        b.Property(x => x.UpdatedBy).HasMaxLength(256);
        b.HasOne(x => x.Article).WithMany(a => a.Translations).HasForeignKey(x => x.ArticleId).OnDelete(DeleteBehavior.Cascade);
    }
}
