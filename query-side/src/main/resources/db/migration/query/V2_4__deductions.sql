-- Deductions (điểm trừ) come off the appraised total.
ALTER TABLE rv_assessment ADD COLUMN deducted_points NUMERIC(11, 2) NOT NULL DEFAULT 0;
