import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TIENDO_BIN } from '../support/tiendo-process.js';

/** `printf '…' | npm start`: the console chat driven through a pipe, as the README's tour does. */
function pipeThrough(
  lines: string[],
  env: Record<string, string> = {},
  dir: string = mkdtempSync(join(tmpdir(), 'tiendo-console-')),
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TIENDO_BIN, 'start'], {
      env: {
        ...process.env,
        DATABASE_URL: `file:${join(dir, 'tiendo.db')}`,
        LOG_LEVEL: 'warn',
        TELEGRAM_BOT_TOKEN: '',
        ...env,
      },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, out }));
    child.stdin.end(lines.map((l) => `${l}\n`).join(''));
  });
}

describe('the console chat', () => {
  it('reports as an official, then shows the chairman /tiendo, and ends with the input', async () => {
    const { code, out } = await pipeThrough([
      '/baocao',
      '/as vhxh',
      '/baocao',
      '185',
      '1',
      '1',
      'bỏ qua',
      'dừng',
      '/lichsu',
      'nhắc nhở',
      '/as ct',
      '/tiendo',
    ]);
    expect(code).toBe(0);
    expect(out).toContain('Hãy chọn vai trước');
    expect(out).toContain('Bây giờ anh/chị là Hoàng Thị Mai');
    expect(out).toContain('[1/5] XH01');
    expect(out).toContain('  1) ✅ Đúng, ghi lại');
    expect(out).toContain('✅ Đã ghi XH01: 185 người.');
    // "1" typed while a figure is asked is the figure 1, not a choice.
    expect(out).toContain('Số liệu: 1 %');
    expect(out).toContain('Đã bỏ qua XH02');
    expect(out).toContain('Đã dừng. Đã ghi 1 chỉ tiêu.');
    expect(out).toMatch(/Quý (I|II|III|IV)\/\d{4} · XH01: 185 người/);
    // A command typed without the slash, as on Zalo.
    expect(out).toContain('Lịch nhắc việc của anh/chị');
    expect(out).toContain('UBND xã Quang Trung — ');
    expect(out).toMatch(/Đã báo cáo \d+\/\d+ lượt/);
    expect(out).toContain('🔴 XH01 Tạo việc làm mới và tăng việc làm: 185 người / ≥ 290 người (63,8 %)');
    expect(out).toContain('⚪ NS01 Tổng thu ngân sách nhà nước trên địa bàn: chưa báo cáo');
    expect(out.trimEnd().endsWith('Tạm biệt.')).toBe(true);
  });

  // Two processes, one after the other, each up to ~20 s to start on a loaded machine.
  it(
    'reads a typed "2" as the choice it numbered after a restart and after a role switch',
    { timeout: 180_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'tiendo-console-'));
      const first = await pipeThrough(['/as vhxh', '/baocao', '50'], {}, dir);
      expect(first.out).toContain('  2) ✏️ Nhập lại');
      // Another process on the same database: "2" is "Nhập lại", so the question comes again.
      const second = await pipeThrough(
        ['/as vhxh', '2', '/as ct', '/as vhxh', '60', '/as ct', '/as vhxh', '2', '/lichsu'],
        {},
        dir,
      );
      expect(second.out).not.toContain('Số liệu: 2 ');
      expect(second.out).toContain('vhxh> 2\n[1/5] XH01');
      expect(second.out).toContain('Số liệu: 60 người');
      // …and again after two role switches.
      expect(second.out.split('vhxh> 2\n[1/5] XH01')).toHaveLength(3);
      expect(second.out).not.toMatch(/XH01: (2|50|60) người/);
    },
  );

  it('says so for an unknown official and with /thoat stops reading', async () => {
    const { code, out } = await pipeThrough(['/as nobody', '/thoat', '/as ct']);
    expect(code).toBe(0);
    expect(out).toContain('Không có cán bộ mã «nobody»');
    expect(out).not.toContain('Bây giờ anh/chị là');
  });

  it('TIENDO_CONSOLE=off only prints what it would serve', async () => {
    const { code, out } = await pipeThrough(['/as ct'], { TIENDO_CONSOLE: 'off' });
    expect(code).toBe(0);
    expect(out).toContain('Chưa bật kênh trò chuyện nào');
    expect(out).not.toContain('Các cán bộ có thể đóng vai');
  });

  it('/tep sends a plan document: the office gets the draft and imports it; a missing file or no path is explained', async () => {
    const seed = 'tests/fixtures/plan-extraction/seeds/ke-hoach-thi-xa-nga-nam-2023.txt';
    const { code, out } = await pipeThrough([
      '/as vhxh',
      `/tep ${seed}`,
      '/as vp',
      '/tep',
      '/tep khong-co-tep-nay.docx',
      `/tep ${seed}`,
      '1',
    ]);
    expect(code).toBe(0);
    expect(out).toContain('Chỉ cán bộ Văn phòng (quản trị) hoặc Chủ tịch');
    expect(out).toContain('Gõ /tep ĐƯỜNG-DẪN');
    expect(out).toContain('Chưa đọc được tệp vừa gửi');
    expect(out).toContain('Dự thảo kế hoạch đọc từ tệp «ke-hoach-thi-xa-nga-nam-2023.txt»');
    expect(out).toMatch(/Đã lưu tệp: .*ke-hoach-thi-xa-nga-nam-2023\.yaml/);
    expect(out).toContain('Đã nhập kế hoạch');
  });
});
