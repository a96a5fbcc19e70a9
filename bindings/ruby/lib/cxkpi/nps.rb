# frozen_string_literal: true

require_relative 'score_accumulator'

module Cxkpi
  # NPS -- net promoter score: answers 0-10 to "how likely are you to recommend us?".
  #
  # Promoters score 9-10, passives 7-8, detractors 0-6;
  # `score = 100 * (promoters - detractors) / count`, in [-100, 100].
  #
  #   nps = Cxkpi::Nps.new
  #   nps.add_many([10, 9, 8, 3])
  #   nps.score                                # => 25.0 (100 * (2 - 1) / 4)
  class Nps < ScoreAccumulator
    c_object 'nps'
    Lib.fn :cxkpi_nps_new, %i[pointer]
    Lib.fn :cxkpi_nps_groups, %i[pointer pointer pointer pointer]
    Lib.fn :cxkpi_nps_group_percents, %i[pointer pointer pointer pointer]
    Lib.fn :cxkpi_nps_score, %i[pointer pointer]
    Lib.fn :cxkpi_nps_stderr, %i[pointer pointer]
    Lib.fn :cxkpi_nps_margin, %i[pointer double pointer]

    def initialize
      out = FFI::MemoryPointer.new(:pointer)
      Lib.call!(:cxkpi_nps_new, out)
      adopt(out.read_pointer)
    end

    # `{promoters:, passives:, detractors:}` counts.
    def groups
      %i[promoters passives detractors].zip(outs(:uint64, 3, :cxkpi_nps_groups)).to_h
    end

    def promoters = groups[:promoters]
    def passives = groups[:passives]
    def detractors = groups[:detractors]

    # `{promoters:, passives:, detractors:}` in percent of all responses.
    def group_percents
      %i[promoters passives detractors].zip(outs(:double, 3, :cxkpi_nps_group_percents)).to_h
    end

    # Net promoter score, 100 * (promoters - detractors) / count.
    def score
      out(:double, :cxkpi_nps_score)
    end

    # Standard error of the score in NPS points, 100 * sqrt((p + d - (p - d)**2) / n).
    def stderr
      out(:double, :cxkpi_nps_stderr)
    end

    # Margin of error at `confidence`, z(confidence) * stderr, in NPS points.
    def margin(confidence = 0.95)
      out(:double, :cxkpi_nps_margin, Float(confidence))
    end

    # `[score - margin, score + margin]`, clipped to [-100, 100].
    def interval(confidence = 0.95)
      s = score
      m = margin(confidence)
      [[-100.0, s - m].max, [100.0, s + m].min]
    end

    def figures
      { count: count, **groups, score: unless_empty { score }, margin: unless_empty { margin } }
    end

    private

    def describe
      n = count
      n.zero? ? 'n=0 (empty)' : format('n=%d nps=%+.1f', n, score)
    end
  end
end
