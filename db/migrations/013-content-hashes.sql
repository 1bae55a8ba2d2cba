-- Issue 18: a run decides whether a posting changed by comparing hashes, never by loading and
-- comparing both whole postings. Both are written with the content; rows stored before are hashed
-- the first time a run sees them again (NULL until then: that one comparison reads the content).
ALTER TABLE postings ADD COLUMN content_hash TEXT;      -- sha256 of posting_content.data and detail_data as stored
ALTER TABLE postings ADD COLUMN description_hash TEXT;  -- the description text's hash, as field history records it
