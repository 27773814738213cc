<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW" sourcelanguage="en">
<context>
    <name>App</name>
    <message>
        <location filename="../../gui/app.py" line="+71"/>
        <source>Start-up problem</source>
        <translation>啟動時發生問題</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Part of the start-up failed ({0}); the window works, but reopen your files by hand.</source>
        <translation>部分啟動步驟失敗（{0}）；視窗仍可使用，但請手動重新開啟您的檔案。</translation>
    </message>
</context>
<context>
    <name>CueTable</name>
    <message>
        <location filename="../../gui/views/cue_table.py" line="+54"/>
        <source>Follow new cues</source>
        <translation>跟隨新字幕</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Scroll to each new cue as it is transcribed. Off: the table stays where you are.</source>
        <translation>每轉錄出一句新字幕就捲動到該處。關閉時：表格停留在您目前的位置。</translation>
    </message>
</context>
<context>
    <name>CueTableBinding</name>
    <message>
        <location filename="../../gui/cue_table_binding.py" line="+129"/>
        <source>No subtitles to edit</source>
        <translation>沒有可編輯的字幕</translation>
    </message>
</context>
<context>
    <name>CueTableModel</name>
    <message>
        <location filename="../../gui/models/cue_columns.py" line="+21"/>
        <source>Start</source>
        <translation>開始</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>End</source>
        <translation>結束</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duration</source>
        <translation>時長</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CPS</source>
        <translation>CPS</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Text</source>
        <translation>文字</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Translation</source>
        <translation>譯文</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Reading speed</source>
        <translation>閱讀速度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Line too long:</source>
        <translation>行太長：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Too many lines:</source>
        <translation>行數太多：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Overlap:</source>
        <translation>重疊：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Too short:</source>
        <translation>太短：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Too long:</source>
        <translation>太長：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gap too short:</source>
        <translation>間隔太短：</translation>
    </message>
    <message>
        <location filename="../../gui/models/cue_model.py" line="+305"/>
        <source>Not a time: {0} (use h:mm:ss.mmm, h:mm:ss:ff, mm:ss.mmm, ss.mmm or ms)</source>
        <translation>不是有效的時間：{0}（請使用 h:mm:ss.mmm、h:mm:ss:ff、mm:ss.mmm、ss.mmm 或毫秒數）</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Not transcribed, before this cue: {0} - {1}</source>
        <translation>此句之前未能轉錄：{0} - {1}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not transcribed, after this cue: {0} - {1}</source>
        <translation>此句之後未能轉錄：{0} - {1}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Reason: {0}</source>
        <translation>原因：{0}</translation>
    </message>
</context>
<context>
    <name>CueTextBox</name>
    <message>
        <location filename="../../gui/views/cue_text_box.py" line="+90"/>
        <source>Select a cue to edit its text here.</source>
        <translation>請選擇一句字幕，在這裡編輯它的文字。</translation>
    </message>
    <message>
        <location line="+74"/>
        <source>{0} cues selected: select one cue to edit its text.</source>
        <translation>已選取 {0} 句字幕：請只選擇一句字幕來編輯文字。</translation>
    </message>
    <message>
        <location line="+122"/>
        <source> (full-width characters count two)</source>
        <translation>（全形字元算兩個）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Characters per line: {0} (limit {1})</source>
        <translation>每行字數：{0}（上限 {1}）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Reading speed: {0} characters/s (limit {1})</source>
        <translation>閱讀速度：每秒 {0} 字（上限 {1}）</translation>
    </message>
</context>
<context>
    <name>DropZone</name>
    <message>
        <location filename="../../gui/views/drop_zone.py" line="+30"/>
        <source>Drop video or audio files here to transcribe them</source>
        <translation>將影片或音訊檔案拖放到這裡即可轉錄</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Subtitles (.srt, .ass, .vtt …) can be dropped too, to edit and re-time them; a saved project (.wfsproj) opens as it was left.</source>
        <translation>也可以拖放字幕檔（.srt、.ass、.vtt…）來編輯並重新調整時間軸；已儲存的專案（.wfsproj）會以離開時的狀態開啟。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Open files…</source>
        <translation>開啟檔案…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Import subtitles…</source>
        <translation>匯入字幕…</translation>
    </message>
</context>
<context>
    <name>EditController</name>
    <message>
        <location filename="../../gui/edit_controller.py" line="+149"/>
        <source>{0} (from {1}) would overlap {2}, which ends at {3}. Move or shorten one of them first.</source>
        <translation>{0}（從 {1} 開始）會與{2}重疊，後者結束於 {3}。請先移動或縮短其中一條。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the end of {0} ({1}) must be after its start ({2}).</source>
        <translation>{0}的結束時間（{1}）必須晚於開始時間（{2}）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0} would start at {1}, before the beginning of the file.</source>
        <translation>{0}會從 {1} 開始，早於檔案開頭。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{0} has changed since (new cues arrived beside it); edit it by hand instead.</source>
        <translation>{0}之後已變更（旁邊有新字幕加入）；請改為手動編輯。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>a cue it needs has been deleted since.</source>
        <translation>所需的字幕已被刪除。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>splitting {0} there would leave an empty cue; put the cursor between two words.</source>
        <translation>在此處分割{0}會留下空白字幕；請把游標放在兩個字詞之間。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{0} is too short to split ({1} ms).</source>
        <translation>{0}太短，無法分割（{1} 毫秒）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{0} has no word start within reach to snap to.</source>
        <translation>{0}附近沒有可對齊的字詞開頭。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0} has no word end within reach to snap to.</source>
        <translation>{0}附近沒有可對齊的字詞結尾。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>that would reverse the order of the cues; keep the two new start times in the same order.</source>
        <translation>這會讓字幕順序顛倒；請讓兩個新的開始時間保持原本的順序。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>choose two cues that start at different times.</source>
        <translation>請選擇開始時間不同的兩條字幕。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>only neighbouring cues can be merged; choose rows next to each other.</source>
        <translation>只能合併相鄰的字幕；請選擇相鄰的列。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>merging needs at least two cues; choose two rows.</source>
        <translation>合併至少需要兩條字幕；請選擇兩列。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>row {0}</source>
        <translation>第 {0} 列</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a new cue</source>
        <translation>一條新字幕</translation>
    </message>
</context>
<context>
    <name>EditorActions</name>
    <message>
        <location filename="../../gui/cue_commands.py" line="+33"/>
        <source>Apply minimum gap</source>
        <translation>套用最小間隔</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Extend short cues</source>
        <translation>延長過短的字幕</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Split long cues</source>
        <translation>分割過長的字幕</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Merge tiny cues</source>
        <translation>合併極短的字幕</translation>
    </message>
    <message>
        <location filename="../../gui/edit_requests.py" line="+71"/>
        <source>No room after the cue at {0}: {1} ms of silence ({2} – {3}); a new cue needs {4} ms plus {5} ms gaps. Shorten or move a neighbour first.</source>
        <translation>{0} 的字幕之後沒有空間：只有 {1} 毫秒的靜音（{2} – {3}）；新字幕需要 {4} 毫秒，外加 {5} 毫秒的間隔。請先縮短或移動相鄰的字幕。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No room before the cue at {0}: {1} ms of silence ({2} – {3}); a new cue needs {4} ms plus {5} ms gaps. Shorten or move a neighbour first.</source>
        <translation>{0} 的字幕之前沒有空間：只有 {1} 毫秒的靜音（{2} – {3}）；新字幕需要 {4} 毫秒，外加 {5} 毫秒的間隔。請先縮短或移動相鄰的字幕。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Shift times</source>
        <translation>平移時間</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Nothing to shift: the amount is 0 ms</source>
        <translation>不需平移：位移量為 0 毫秒</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose the cue to shift from</source>
        <translation>請選擇從哪一句字幕開始平移</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No cues selected to shift</source>
        <translation>沒有選取要平移的字幕</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Two-point sync</source>
        <translation>兩點同步</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>No cues selected to move</source>
        <translation>沒有選取要移動的字幕</translation>
    </message>
    <message>
        <location filename="../../gui/editor_actions.py" line="+83"/>
        <source>S&amp;plit at cursor</source>
        <translation>在游標處分割(&amp;P)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Merge with next</source>
        <translation>與下一句合併(&amp;M)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Merge with pre&amp;vious</source>
        <translation>與上一句合併(&amp;V)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Insert cue &amp;before</source>
        <translation>在前面插入字幕(&amp;B)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Insert cue after</source>
        <translation>在後面插入字幕(&amp;I)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Delete cues</source>
        <translation>刪除字幕(&amp;D)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Apply minimum &amp;gap</source>
        <translation>套用最小間隔(&amp;G)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Extend short cues</source>
        <translation>延長過短的字幕(&amp;E)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Split &amp;long cues</source>
        <translation>分割過長的字幕(&amp;L)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Merge &amp;tiny cues</source>
        <translation>合併極短的字幕(&amp;T)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Snap start to &amp;word</source>
        <translation>開始時間對齊字詞(&amp;W)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Snap end to wo&amp;rd</source>
        <translation>結束時間對齊字詞(&amp;R)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Shift times…</source>
        <translation>平移時間(&amp;S)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Two-point s&amp;ync…</source>
        <translation>兩點同步(&amp;Y)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Find and replace…</source>
        <translation>尋找與取代(&amp;F)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Replace…</source>
        <translation>取代(&amp;R)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Find &amp;next</source>
        <translation>尋找下一個(&amp;N)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Find pre&amp;vious</source>
        <translation>尋找上一個(&amp;V)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Start a frame earlier</source>
        <translation>開始時間提前一格</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Start a frame later</source>
        <translation>開始時間延後一格</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Start 100 ms earlier</source>
        <translation>開始時間提前 100 毫秒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start 100 ms later</source>
        <translation>開始時間延後 100 毫秒</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>End a frame earlier</source>
        <translation>結束時間提前一格</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>End a frame later</source>
        <translation>結束時間延後一格</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>End 100 ms earlier</source>
        <translation>結束時間提前 100 毫秒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>End 100 ms later</source>
        <translation>結束時間延後 100 毫秒</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cue a frame earlier</source>
        <translation>整句字幕提前一格</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cue a frame later</source>
        <translation>整句字幕延後一格</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cue 100 ms earlier</source>
        <translation>整句字幕提前 100 毫秒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cue 100 ms later</source>
        <translation>整句字幕延後 100 毫秒</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>&amp;Nudge</source>
        <translation>微調(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../gui/cue_commands.py" line="+28"/>
        <source>Choose a cue to split</source>
        <translation>請選擇要分割的字幕</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>“{0}” is one word: edit the text and put the cursor where to split</source>
        <translation>「{0}」只有一個詞：請編輯文字，並把游標放在要分割的位置</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Put the text cursor between two words to split there</source>
        <translation>請把文字游標放在兩個詞之間，才能在該處分割</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Split cue</source>
        <translation>分割字幕</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Choose a cue to merge</source>
        <translation>請選擇要合併的字幕</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No next cue to merge with</source>
        <translation>沒有下一句字幕可合併</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No previous cue to merge with</source>
        <translation>沒有上一句字幕可合併</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Merge cues</source>
        <translation>合併字幕</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The merged cue has no speaker: its cues had different ones ({0}); each one&apos;s lines open with a dialogue dash.</source>
        <translation>合併後的字幕沒有說話者：原本各句的說話者不同（{0}）；每位說話者的台詞以對話破折號開頭。</translation>
    </message>
    <message>
        <location line="+12"/>
        <location filename="../../gui/views/waveform_timing.py" line="+81"/>
        <source>Insert cue</source>
        <translation>插入字幕</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>No cues selected to delete</source>
        <translation>沒有選取要刪除的字幕</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Delete {0} cues</source>
        <translation>刪除 {0} 句字幕</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete 1 cue</source>
        <translation>刪除 1 句字幕</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete cue</source>
        <translation>刪除字幕</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>No cues selected to fix</source>
        <translation>沒有選取要修正的字幕</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Quality fix</source>
        <translation>品質修正</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{0}: nothing to change in the selection</source>
        <translation>{0}：選取範圍內沒有需要變更的地方</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{0}: {1} cues changed</source>
        <translation>{0}：已變更 {1} 句字幕</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0}: 1 cue changed</source>
        <translation>{0}：已變更 1 句字幕</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No cues selected to snap</source>
        <translation>沒有選取要對齊的字幕</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No word start within reach to snap to</source>
        <translation>附近沒有可對齊的字詞開頭</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Already on a word start</source>
        <translation>已經對齊字詞開頭</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No word end within reach to snap to</source>
        <translation>附近沒有可對齊的字詞結尾</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Already on a word end</source>
        <translation>已經對齊字詞結尾</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Snap start to word</source>
        <translation>開始時間對齊字詞</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Snap end to word</source>
        <translation>結束時間對齊字詞</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Snap start</source>
        <translation>對齊開始時間</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Snap end</source>
        <translation>對齊結束時間</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Snapped {0} cue(s); {1} had no word start within reach</source>
        <translation>已對齊 {0} 句字幕；{1} 句附近沒有字詞開頭</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Snapped {0} cue(s); {1} had no word end within reach</source>
        <translation>已對齊 {0} 句字幕；{1} 句附近沒有字詞結尾</translation>
    </message>
</context>
<context>
    <name>EditorPanel</name>
    <message>
        <location filename="../../gui/editor_panel.py" line="+162"/>
        <source>No playback for this file: {0}</source>
        <translation>無法播放這個檔案：{0}</translation>
    </message>
    <message>
        <location line="+81"/>
        <source>Play cue</source>
        <translation>播放字幕</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Loop cue</source>
        <translation>循環播放字幕</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Play from cursor</source>
        <translation>從游標處播放</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Set start at playhead</source>
        <translation>將開始時間設在播放頭</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Set end at playhead</source>
        <translation>將結束時間設在播放頭</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Commit and play next cue</source>
        <translation>確認並播放下一句字幕</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Select a cue to play.</source>
        <translation>請選擇要播放的字幕。</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Next unsure word</source>
        <translation>下一個不確定的字詞</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Go to the next word the model was unsure of (F8; Shift+F8 goes back).</source>
        <translation>跳到模型不確定的下一個字詞（F8；Shift+F8 往回）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Previous unsure word</source>
        <translation>上一個不確定的字詞</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>No subtitles to check.</source>
        <translation>沒有可檢查的字幕。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>No unsure words: every word&apos;s probability is {0} or more.</source>
        <translation>沒有不確定的字詞：每個字詞的機率都在 {0} 以上。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Back to the first unsure word.</source>
        <translation>已回到第一個不確定的字詞。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Back to the last unsure word.</source>
        <translation>已回到最後一個不確定的字詞。</translation>
    </message>
</context>
<context>
    <name>EncodingDialog</name>
    <message>
        <location filename="../../gui/views/subtitle_dialogs.py" line="+44"/>
        <source>Choose the text encoding</source>
        <translation>選擇文字編碼</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0} (most likely)</source>
        <translation>{0}（最可能）</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>{0}: the text encoding is not certain. Pick the reading whose text looks right.</source>
        <translation>{0}：無法確定文字編碼。請選擇文字看起來正確的讀法。</translation>
    </message>
</context>
<context>
    <name>EngineController</name>
    <message>
        <location filename="../../gui/engine_client.py" line="+118"/>
        <source>The transcription engine had stopped; it was started again.</source>
        <translation>轉錄引擎已停止，已重新啟動。</translation>
    </message>
    <message>
        <location line="+12"/>
        <location line="+9"/>
        <source>The transcription engine stopped.</source>
        <translation>轉錄引擎已停止。</translation>
    </message>
</context>
<context>
    <name>EngineMessages</name>
    <message>
        <location filename="../../gui/engine_messages.py" line="+36"/>
        <source>{0}; restarting in {1} s</source>
        <translation>{0}；{1} 秒後重新啟動</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>worker {0} ({1}) hung while loading the model (no sign of life for {2} s)</source>
        <translation>工作程序 {0}（{1}）載入模型時沒有回應（{2} 秒沒有任何動靜）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>worker {0} ({1}) hung (no sign of life for {2} s)</source>
        <translation>工作程序 {0}（{1}）沒有回應（{2} 秒沒有任何動靜）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>worker {0} ({1}) hung (no answer for {2} s)</source>
        <translation>工作程序 {0}（{1}）沒有回應（{2} 秒沒有應答）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>worker {0} ({1}) hung for over {2} s on one chunk</source>
        <translation>工作程序 {0}（{1}）處理同一段音訊超過 {2} 秒沒有回應</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>worker {0} ({1}) crashed ({2})</source>
        <translation>工作程序 {0}（{1}）當機（{2}）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>worker {0} ({1}) was killed from outside ({2})</source>
        <translation>工作程序 {0}（{1}）被外部終止（{2}）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>worker {0} ({1}) exited with code {2}</source>
        <translation>工作程序 {0}（{1}）已結束，結束代碼 {2}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The transcription engine stopped unexpectedly (exit code {0}).</source>
        <translation>轉錄引擎意外停止（結束代碼 {0}）。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The transcription engine stopped unexpectedly (killed by {0}).</source>
        <translation>轉錄引擎意外停止（被 {0} 終止）。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{0}: is a folder, not a media file. Give the files inside it instead.</source>
        <translation>{0}：這是資料夾，不是媒體檔案。請改為指定資料夾裡的檔案。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{0}: the file is empty (0 bytes). It may still be copying or be damaged.</source>
        <translation>{0}：檔案是空的（0 位元組）。可能仍在複製中，或已損壞。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{0}: permission denied: this user may not read the file. Make it readable (e.g. chmod a+r) or copy it to a place you can read.</source>
        <translation>{0}：權限不足，這個使用者無法讀取檔案。請讓檔案可供讀取（例如 chmod a+r），或把它複製到您可以讀取的位置。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{0}: cannot be read ({1}).</source>
        <translation>{0}：無法讀取（{1}）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{0}: the video has no audio track, so there is nothing to transcribe. Choose a file with sound, or the video&apos;s separate audio file.</source>
        <translation>{0}：這段影片沒有音軌，因此沒有內容可轉錄。請選擇有聲音的檔案，或影片另外的音訊檔。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{0}: not an audio or video file (no audio stream found). Check that it plays in a media player; convert it to WAV or MP4 if it does.</source>
        <translation>{0}：不是音訊或影片檔（找不到音軌）。請確認它能在媒體播放器中播放；若可以，請將它轉換為 WAV 或 MP4。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{0}: not a readable audio or video file: not a media file FFmpeg can read ({1}). Check that it is the file you meant and that it plays in a media player.</source>
        <translation>{0}：無法讀取的音訊或影片檔：FFmpeg 無法讀取這個媒體檔案（{1}）。請確認這是您要的檔案，且能在媒體播放器中播放。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>failed {0} times (last: {1})</source>
        <translation>失敗 {0} 次（最後一次：{1}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>was interrupted {0} times (last: {1})</source>
        <translation>被中斷 {0} 次（最後一次：{1}）</translation>
    </message>
</context>
<context>
    <name>EnginePage</name>
    <message>
        <location filename="../../gui/views/engine_page.py" line="+44"/>
        <source>This computer</source>
        <translation>這部電腦</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ray cluster</source>
        <translation>Ray 叢集</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>auto joins the Ray cluster this computer belongs to; else the head&apos;s address, e.g. 10.0.0.5:6379</source>
        <translation>auto 會加入這部電腦所屬的 Ray 叢集；否則請填入主節點的位址，例如 10.0.0.5:6379</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Test connection</source>
        <translation>測試連線</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Address</source>
        <translation>位址</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Run the transcription on:</source>
        <translation>轉錄的執行位置：</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Connecting to {0}…</source>
        <translation>正在連線到 {0}…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Connected: {0} workers</source>
        <translation>已連線：{0} 個工作程序</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The test ended with exit code {0} and said nothing.</source>
        <translation>測試已結束（結束代碼 {0}），但沒有任何輸出。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The test could not be started ({0}): check that Python runs here.</source>
        <translation>無法開始測試（{0}）：請確認這部電腦可以執行 Python。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The cluster did not answer in {0} s: check the address and that its head runs.</source>
        <translation>叢集在 {0} 秒內沒有回應：請檢查位址，並確認主節點正在執行。</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../gui/views/subtitle_dialogs.py" line="+143"/>
        <source>Export subtitles</source>
        <translation>匯出字幕</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Frame rate:</source>
        <translation>影格率：</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>LF (Linux, macOS)</source>
        <translation>LF（Linux、macOS）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CRLF (Windows)</source>
        <translation>CRLF（Windows）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Original</source>
        <translation>原文</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Translation</source>
        <translation>譯文</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Both: the original above the translation</source>
        <translation>雙語：原文在上、譯文在下</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Translation writes the translation column alone, at the same times (cues with no translation are left out). Both puts each cue&apos;s translation under its original text, for bilingual subtitles.</source>
        <translation>「譯文」只寫出譯文欄，時間不變（沒有譯文的字幕會略去）。「雙語」把每句字幕的譯文放在原文下方，做成雙語字幕。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Text:</source>
        <translation>文字：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Encoding:</source>
        <translation>編碼：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Line ending:</source>
        <translation>換行字元：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Karaoke: highlight each word as it is said (\k)</source>
        <translation>卡拉 OK：每個字說出時即標亮（\k）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Puts an ASS \k tag before each word that has a time (from the transcription, or a WebVTT file&apos;s inline times), so players sweep the highlight across the line as the words are said.</source>
        <translation>在每個有時間的字之前加上 ASS \k 標籤（時間來自轉錄，或 WebVTT 檔案的行內時間），讓播放器在說出字詞時沿著該行掃過標亮。</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>The WebVTT specification requires UTF-8 (a byte order mark is allowed); players read any other encoding as garbled text.</source>
        <translation>WebVTT 規格要求使用 UTF-8（可含位元組順序記號 BOM）；其他編碼在播放器中會顯示為亂碼。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>TTML is XML, which every XML reader reads in UTF-8 or UTF-16; other encodings are not offered.</source>
        <translation>TTML 是 XML 格式，所有 XML 讀取程式都能讀取 UTF-8 或 UTF-16；因此不提供其他編碼。</translation>
    </message>
</context>
<context>
    <name>FileRulesBar</name>
    <message>
        <location filename="../../gui/views/file_rules_bar.py" line="+71"/>
        <source>The reading-speed and line rules this file is checked against</source>
        <translation>檢查這個檔案時依據的閱讀速度與每行字數規範</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+103"/>
        <source>{0} fps</source>
        <translation>{0} fps</translation>
    </message>
    <message>
        <location line="-101"/>
        <source>Frames per second of this file: for times typed as h:mm:ss:ff and frame-based exports</source>
        <translation>這個檔案的每秒影格數：用於以 h:mm:ss:ff 輸入的時間，以及以影格計時的匯出</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>None</source>
        <translation>無</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0}: {1} characters a line, {2} characters a second</source>
        <translation>{0}：每行 {1} 字，每秒 {2} 字</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The language of this file&apos;s translation: its column is checked with that language&apos;s rules</source>
        <translation>這個檔案譯文的語言：譯文欄會依該語言的規範檢查</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Rules:</source>
        <translation>規範(&amp;R)：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Frame rate:</source>
        <translation>影格率(&amp;F)：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tr&amp;anslation:</source>
        <translation>譯文(&amp;A)：</translation>
    </message>
    <message>
        <location line="+27"/>
        <location line="+1"/>
        <source>Automatic</source>
        <translation>自動</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>From the language: {0}</source>
        <translation>依語言：{0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>As in Preferences: {0}</source>
        <translation>同偏好設定：{0}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>From the video: {0} fps</source>
        <translation>依影片：{0} fps</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>From the subtitle file: {0} fps</source>
        <translation>依字幕檔：{0} fps</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>From the rules: {0} fps</source>
        <translation>依規範：{0} fps</translation>
    </message>
</context>
<context>
    <name>FindReplaceDialog</name>
    <message>
        <location filename="../../gui/views/find_replace.py" line="+42"/>
        <source>Find and replace</source>
        <translation>尋找與取代</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Match &amp;case</source>
        <translation>大小寫須相符(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Whole words</source>
        <translation>全字拼寫須相符(&amp;W)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Regular e&amp;xpression</source>
        <translation>規則運算式(&amp;X)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wra&amp;p around</source>
        <translation>循環搜尋(&amp;P)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Find:</source>
        <translation>尋找(&amp;F)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Replace &amp;with:</source>
        <translation>取代為(&amp;W)：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Find &amp;next</source>
        <translation>尋找下一個(&amp;N)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Find pre&amp;vious</source>
        <translation>尋找上一個(&amp;V)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Replace</source>
        <translation>取代(&amp;R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Replace &amp;all</source>
        <translation>全部取代(&amp;A)</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Not a valid regular expression: %s</source>
        <translation>不是有效的規則運算式：%s</translation>
    </message>
    <message>
        <location line="+27"/>
        <location line="+32"/>
        <source>Cannot use that replacement: %s</source>
        <translation>無法使用這個取代內容：%s</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+41"/>
        <location line="+34"/>
        <source>Not found: %s</source>
        <translation>找不到：%s</translation>
    </message>
    <message>
        <location line="-73"/>
        <source>Replace all “%s”</source>
        <translation>全部取代「%s」</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Replaced %d in %d cues</source>
        <translation>已取代 %d 處，共 %d 句字幕</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No subtitles to search</source>
        <translation>沒有可搜尋的字幕</translation>
    </message>
    <message>
        <location line="+71"/>
        <source> (wrapped around)</source>
        <translation>（已從頭繼續）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cue %d: …%s[%s]%s…%s</source>
        <translation>第 %d 句：…%s[%s]%s…%s</translation>
    </message>
</context>
<context>
    <name>FrameRateDialog</name>
    <message>
        <location filename="../../gui/views/subtitle_dialogs.py" line="-196"/>
        <source>Choose the frame rate</source>
        <translation>選擇影格率</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{0} fps</source>
        <translation>{0} fps</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the video&apos;s rate</source>
        <translation>影片的影格率</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>the preset&apos;s rate</source>
        <translation>預設集的影格率</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0} counts time in frames but does not say at which frame rate. Choose the rate of the video it was made for ({1} is selected).</source>
        <translation>{0} 以影格計時，但未註明影格率。請選擇它所對應影片的影格率（已選取{1}）。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Frame rate:</source>
        <translation>影格率：</translation>
    </message>
</context>
<context>
    <name>ImportNotesDialog</name>
    <message>
        <location line="+25"/>
        <source>Imported with notes</source>
        <translation>匯入完成，附註如下</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{0} was imported; {1} note(s) on what was changed or left out:</source>
        <translation>已匯入 {0}；有 {1} 則附註說明哪些內容被更改或略去：</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Copy</source>
        <translation>複製</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../gui/main_window.py" line="+264"/>
        <source>Whisper for Subs</source>
        <translation>Whisper for Subs</translation>
    </message>
    <message>
        <location line="-138"/>
        <source>Engine: starting…</source>
        <translation>引擎：啟動中…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>&amp;File</source>
        <translation>檔案(&amp;F)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Open files…</source>
        <translation>開啟檔案(&amp;O)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Export subtitles…</source>
        <translation>匯出字幕(&amp;E)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export &amp;all finished…</source>
        <translation>匯出所有已完成的檔案(&amp;A)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open &amp;project…</source>
        <translation>開啟專案(&amp;P)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Save project…</source>
        <translation>儲存專案(&amp;S)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Import subtitles…</source>
        <translation>匯入字幕(&amp;I)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Quit</source>
        <translation>結束(&amp;Q)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Edit</source>
        <translation>編輯(&amp;E)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Undo</source>
        <translation>復原(&amp;U)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Timing</source>
        <translation>時間軸(&amp;T)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Playback</source>
        <translation>播放(&amp;P)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;View</source>
        <translation>檢視(&amp;V)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Times as &amp;frames</source>
        <translation>以影格顯示時間(&amp;F)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Settings</source>
        <translation>設定(&amp;S)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Preferences…</source>
        <translation>偏好設定(&amp;P)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Models…</source>
        <translation>模型(&amp;M)…</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>{0} [*] – Whisper for Subs</source>
        <translation>{0} [*] – Whisper for Subs</translation>
    </message>
    <message>
        <location filename="../../gui/file_queue.py" line="+52"/>
        <source>Open audio or video</source>
        <translation>開啟音訊或影片</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Media ({0});;All files (*)</source>
        <translation>媒體檔案 ({0});;所有檔案 (*)</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>{0}. Fix the glossary, or clear it in Settings › Preferences, then add the file again.</source>
        <translation>{0}。請修正詞彙表，或在「設定 › 偏好設定」中清除它，然後再加入檔案一次。</translation>
    </message>
    <message>
        <location filename="../../gui/window_rules.py" line="+104"/>
        <source>Times in frames at {0:g} fps</source>
        <translation>時間以影格顯示（{0:g} fps）</translation>
    </message>
    <message>
        <location filename="../../gui/engine_events.py" line="+85"/>
        <source>Memory {0:.0f} MB</source>
        <translation>記憶體 {0:.0f} MB</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Model {0} · workers: {1}</source>
        <translation>模型 {0} · 工作程序：{1}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Engine stopped</source>
        <translation>引擎已停止</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0} Cues already made are kept; the next file starts a new engine.</source>
        <translation>{0} 已產生的字幕都會保留；下一個檔案會啟動新的引擎。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Downloading {0}: {1:.0f}{2} MB</source>
        <translation>正在下載 {0}：{1:.0f}{2} MB</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>{0}: {1} - {2} could not be transcribed: {3}</source>
        <translation>{0}：{1} - {2} 無法轉錄：{3}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>no reason given</source>
        <translation>未提供原因</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>{0} failed: {1}</source>
        <translation>{0} 失敗：{1}</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>{0}: {1} transcribed cues found no room beside cues you made and are not in the table: {2}{3}</source>
        <translation>{0}：有 {1} 句轉錄出的字幕與您建立的字幕衝突、沒有空間，因此未放入表格：{2}{3}</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>{0}: {1} filler(s) left out of cues over the reading speed (the first &quot;{2}&quot; at {3}), as the style guides allow; Preferences › Keep every word turns this off.</source>
        <translation>{0}：{1} 個贅詞從超過閱讀速度的字幕中省略（第一個是 {3} 的「{2}」），這是風格指南允許的做法；在「偏好設定 › 保留每個字」可關閉此功能。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>{0}: some lines are in another language than the file&apos;s, and are translated from it: {1}. Choose the file&apos;s language to take every line as that one.</source>
        <translation>{0}：有些台詞的語言與檔案的語言不同，已從該語言翻譯：{1}。若要每句都當作檔案的語言，請選擇檔案的語言。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{0}: some lines are in another language than the file&apos;s, and are written as heard: {1}. Choose the file&apos;s language to take every line as that one.</source>
        <translation>{0}：有些台詞的語言與檔案的語言不同，已照所說的語言寫出：{1}。若要每句都當作檔案的語言，請選擇檔案的語言。</translation>
    </message>
    <message>
        <location filename="../../gui/file_queue.py" line="+38"/>
        <source>Transcribing {0} again from audio stream #{1}</source>
        <translation>以音軌 #{1} 重新轉錄 {0}</translation>
    </message>
    <message>
        <location line="+21"/>
        <location filename="../../gui/safekeeping.py" line="+119"/>
        <source>Whisper for Subs project (*.wfsproj)</source>
        <translation>Whisper for Subs 專案 (*.wfsproj)</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Open project</source>
        <translation>開啟專案</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Import subtitles</source>
        <translation>匯入字幕</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Subtitles (*.srt *.ass *.ssa *.vtt *.sub *.ttml *.dfxp *.smi *.mpl *.json *.txt);;All files (*)</source>
        <translation>字幕 (*.srt *.ass *.ssa *.vtt *.sub *.ttml *.dfxp *.smi *.mpl *.json *.txt);;所有檔案 (*)</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Reading {0}…</source>
        <translation>正在讀取 {0}…</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>{0} was not imported</source>
        <translation>未匯入 {0}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Imported {0} cues from {1} ({2}, {3})</source>
        <translation>已從 {1} 匯入 {0} 則字幕（{2}，{3}）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>, times at {0} fps as chosen</source>
        <translation>，時間依所選的 {0} fps 計算</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>, times at {0} fps as the file says</source>
        <translation>，時間依檔案註明的 {0} fps 計算</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>; {0} note(s) on what was changed or left out</source>
        <translation>；有 {0} 則附註說明哪些內容被更改或略去</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Cannot open project</source>
        <translation>無法開啟專案</translation>
    </message>
    <message>
        <location filename="../../gui/exports.py" line="+60"/>
        <source>No translation to export</source>
        <translation>沒有可匯出的譯文</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No cue has a translation yet. Type the translation in the Translation column first, or export the original text.</source>
        <translation>還沒有任何字幕有譯文。請先在「譯文」欄輸入譯文，或匯出原文。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Export subtitles</source>
        <translation>匯出字幕</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Export all finished files to</source>
        <translation>將所有已完成的檔案匯出到</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Export</source>
        <translation>匯出</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kept existing files:
{0}</source>
        <translation>已保留既有的檔案：
{0}</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>{0} exists; not replaced</source>
        <translation>{0} 已存在，未取代</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Export failed</source>
        <translation>匯出失敗</translation>
    </message>
    <message>
        <location line="-54"/>
        <location filename="../../gui/safekeeping.py" line="+9"/>
        <source>Saved {0}</source>
        <translation>已儲存 {0}</translation>
    </message>
    <message>
        <location filename="../../gui/safekeeping.py" line="-75"/>
        <source>Damaged autosave set aside: {0}</source>
        <translation>已將損壞的自動儲存檔移到一旁：{0}</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Could not recover {0}: {1}</source>
        <translation>無法復原 {0}：{1}</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Save project</source>
        <translation>儲存專案</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Save failed</source>
        <translation>儲存失敗</translation>
    </message>
</context>
<context>
    <name>ModelManagerDialog</name>
    <message>
        <location filename="../../gui/views/model_manager.py" line="+54"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>State</source>
        <translation>狀態</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Location</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../../gui/views/model_jobs.py" line="+30"/>
        <source>offline package</source>
        <translation>離線套件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>downloaded</source>
        <translation>已下載</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>local folder</source>
        <translation>本機資料夾</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not downloaded</source>
        <translation>未下載</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>partly downloaded</source>
        <translation>部分下載</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>converting…</source>
        <translation>轉換中…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>downloading…</source>
        <translation>下載中…</translation>
    </message>
    <message>
        <location filename="../../gui/views/model_manager.py" line="+17"/>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Download</source>
        <translation>下載</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel download</source>
        <translation>取消下載</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete…</source>
        <translation>刪除…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add folder…</source>
        <translation>加入資料夾…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add Hugging Face id…</source>
        <translation>加入 Hugging Face ID…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use this model</source>
        <translation>使用這個模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close</source>
        <translation>關閉</translation>
    </message>
    <message>
        <location line="+119"/>
        <source>Downloading {0}…</source>
        <translation>正在下載 {0}…</translation>
    </message>
    <message>
        <location filename="../../gui/views/model_runner.py" line="+56"/>
        <source>Starting…</source>
        <translation>啟動中…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Cancelled: {0}.</source>
        <translation>已取消：{0}。</translation>
    </message>
    <message>
        <location filename="../../gui/views/model_manager.py" line="+10"/>
        <source>Delete {0} ({1}) from this computer?</source>
        <translation>要從這部電腦刪除 {0}（{1}）嗎？</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Delete model</source>
        <translation>刪除模型</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Deleted {0}.</source>
        <translation>已刪除 {0}。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Added {0}.</source>
        <translation>已加入 {0}。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>A Hugging Face id looks like owner/name, e.g. Systran/faster-whisper-small.</source>
        <translation>Hugging Face ID 的格式為「擁有者/名稱」，例如 Systran/faster-whisper-small。</translation>
    </message>
    <message>
        <location filename="../../gui/views/model_runner.py" line="+15"/>
        <source>The convert process ended unexpectedly (exit code {0}).</source>
        <translation>轉換程序意外結束（結束代碼 {0}）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The download process ended unexpectedly (exit code {0}).</source>
        <translation>下載程序意外結束（結束代碼 {0}）。</translation>
    </message>
    <message>
        <location filename="../../gui/views/model_jobs.py" line="+90"/>
        <source>Converting…</source>
        <translation>轉換中…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{0} of {1}</source>
        <translation>{0} / {1}</translation>
    </message>
    <message>
        <location filename="../../gui/views/model_runner.py" line="+20"/>
        <source>{0} is a transformers model; converting it to CTranslate2 once…</source>
        <translation>{0} 是 transformers 模型，正在轉換為 CTranslate2（只需一次）…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Ready: {0}.</source>
        <translation>已就緒：{0}。</translation>
    </message>
    <message>
        <location filename="../../gui/views/model_manager.py" line="+19"/>
        <source>A CTranslate2 Whisper model folder</source>
        <translation>CTranslate2 Whisper 模型資料夾</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Hugging Face model</source>
        <translation>Hugging Face 模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Repository id (a CTranslate2 model, or a transformers Whisper fine-tune to convert):</source>
        <translation>儲存庫 ID（CTranslate2 模型，或要轉換的 transformers Whisper 微調模型）：</translation>
    </message>
</context>
<context>
    <name>Player</name>
    <message>
        <location filename="../../gui/playback.py" line="+41"/>
        <source>No sound output device found; playback is off (transcription and editing still work)</source>
        <translation>找不到音訊輸出裝置，已停用播放（仍可轉錄與編輯）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The sound output device is busy or could not be opened</source>
        <translation>音訊輸出裝置忙碌中或無法開啟</translation>
    </message>
    <message>
        <location line="+130"/>
        <source>{0}. (PortAudio could not be loaded: {1})</source>
        <translation>{0}。（無法載入 PortAudio：{1}）</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>No audio loaded to play.</source>
        <translation>沒有已載入的音訊可播放。</translation>
    </message>
    <message>
        <location line="+102"/>
        <source>the device stopped (unplugged or taken by another program?)</source>
        <translation>裝置已停止（是否已拔除或被其他程式占用？）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sound output stopped unexpectedly: {0}</source>
        <translation>音訊輸出意外停止：{0}</translation>
    </message>
</context>
<context>
    <name>PresetNames</name>
    <message>
        <location filename="../../gui/preset_names.py" line="+21"/>
        <source>Netflix English</source>
        <translation>Netflix 英文</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Netflix Traditional Chinese</source>
        <translation>Netflix 繁體中文</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Netflix Simplified Chinese</source>
        <translation>Netflix 簡體中文</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Netflix Japanese</source>
        <translation>Netflix 日文</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Netflix Korean</source>
        <translation>Netflix 韓文</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Netflix Spanish</source>
        <translation>Netflix 西班牙文</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Netflix French</source>
        <translation>Netflix 法文</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Netflix German</source>
        <translation>Netflix 德文</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Netflix Italian</source>
        <translation>Netflix 義大利文</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Netflix Portuguese</source>
        <translation>Netflix 葡萄牙文</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Netflix Vietnamese</source>
        <translation>Netflix 越南文</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Netflix Russian</source>
        <translation>Netflix 俄文</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Netflix Arabic</source>
        <translation>Netflix 阿拉伯文</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Netflix Thai</source>
        <translation>Netflix 泰文</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>BBC</source>
        <translation>BBC</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Custom</source>
        <translation>自訂</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Arabic</source>
        <translation>阿拉伯文</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cantonese</source>
        <translation>粵語</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chinese, Simplified</source>
        <translation>中文（簡體）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>English</source>
        <translation>英文</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>French</source>
        <translation>法文</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>German</source>
        <translation>德文</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Italian</source>
        <translation>義大利文</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Japanese</source>
        <translation>日文</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Korean</source>
        <translation>韓文</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Portuguese</source>
        <translation>葡萄牙文</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Russian</source>
        <translation>俄文</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Spanish</source>
        <translation>西班牙文</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Thai</source>
        <translation>泰文</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vietnamese</source>
        <translation>越南文</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <location filename="../../gui/models/queue_items.py" line="+57"/>
        <source>File</source>
        <translation>檔案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duration</source>
        <translation>長度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>狀態</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Progress</source>
        <translation>進度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ETA</source>
        <translation>剩餘時間</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Queued</source>
        <translation>排隊中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Transcribing</source>
        <translation>轉錄中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+168"/>
        <source>Failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <location line="-167"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>no language</source>
        <translation>未標語言</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{0} ch</source>
        <translation>{0} 聲道</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>(default)</source>
        <translation>（預設）</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Audio stream {0} of {1}. Right-click to choose another.</source>
        <translation>音軌：{0}（共 {1} 條）。按右鍵可選擇其他音軌。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>not transcribed: {0}</source>
        <translation>未能轉錄：{0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0} stretches not transcribed</source>
        <translation>{0} 段未能轉錄</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Not transcribed: {0} (no cues there; see the waveform)</source>
        <translation>未能轉錄：{0}（該段沒有字幕，請見波形）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{0} s of the model&apos;s text was removed as not speech (no-speech or repetition loop).</source>
        <translation>模型有 {0} 秒的文字被判定為非語音而移除（無語音或重複迴圈）。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Removed at: {0}</source>
        <translation>移除位置：{0}</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Imported ({0})</source>
        <translation>已匯入（{0}）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Opened ({0})</source>
        <translation>已開啟（{0}）</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Failed: {0}</source>
        <translation>失敗：{0}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0} cues</source>
        <translation>{0} 句字幕</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>1 cue</source>
        <translation>1 句字幕</translation>
    </message>
    <message>
        <location line="-22"/>
        <source>Recovered ({0})</source>
        <translation>已復原（{0}）</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>{0} — {1}</source>
        <translation>{0} — {1}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Done ({0}) — {1}</source>
        <translation>完成（{0}）— {1}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No text from {0} s of speech</source>
        <translation>{0} 秒的語音未產生文字</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No speech found</source>
        <translation>未偵測到語音</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Done ({0})</source>
        <translation>完成（{0}）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Starting</source>
        <translation>準備中</translation>
    </message>
</context>
<context>
    <name>QueueView</name>
    <message>
        <location filename="../../gui/views/queue_view.py" line="+167"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop transcribing the selected files</source>
        <translation>停止轉錄選取的檔案</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove the selected files from the queue</source>
        <translation>從佇列移除選取的檔案</translation>
    </message>
    <message>
        <location line="+119"/>
        <source>Audio stream</source>
        <translation>音軌</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Transcribe this file again from this audio stream ({0}, {1})</source>
        <translation>以此音軌重新轉錄這個檔案（{0}，{1}）</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>Drop media files or folders here</source>
        <translation>將媒體檔案或資料夾拖放到這裡</translation>
    </message>
</context>
<context>
    <name>RecoveryDialog</name>
    <message>
        <location filename="../../gui/views/recovery_dialog.py" line="+38"/>
        <source>1 cue</source>
        <translation>1 則字幕</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0} cues</source>
        <translation>{0} 則字幕</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>edited</source>
        <translation>已編輯</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>not edited</source>
        <translation>未編輯</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Recover work</source>
        <translation>復原工作</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>These transcripts from an earlier session were neither exported nor saved. Check the ones to open again:</source>
        <translation>以下是先前工作階段中既未匯出也未儲存的轉錄稿。請勾選要重新開啟的項目：</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Open checked</source>
        <translation>開啟已勾選項目</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Delete checked</source>
        <translation>刪除已勾選項目</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Later</source>
        <translation>稍後再說</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>File already open</source>
        <translation>檔案已開啟</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0} is already open. Show its transcript, or transcribe it again as a new version (the transcript you have is kept)?</source>
        <translation>{0} 已經開啟。要顯示它的轉錄稿，還是重新轉錄成新版本（現有的轉錄稿會保留）？</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Show it</source>
        <translation>顯示</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Transcribe again</source>
        <translation>重新轉錄</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Unsaved work</source>
        <translation>尚未儲存的工作</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>These transcripts have changes that were neither exported nor saved:

{0}

Save them as projects before quitting?</source>
        <translation>以下轉錄稿有尚未匯出或儲存的變更：

{0}

要在結束前將它們儲存為專案嗎？</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>It was moved to {0}.</source>
        <translation>已將它移到 {0}。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>It was left at {0}.</source>
        <translation>它仍留在 {0}。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Autosave damaged</source>
        <translation>自動儲存檔已損壞</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>An autosaved transcript could not be read and was set aside; the other work is offered back as usual.</source>
        <translation>有一份自動儲存的轉錄稿無法讀取，已移到一旁；其他工作照常提供復原。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../gui/views/settings_dialog.py" line="+50"/>
        <source>{0} (available offline)</source>
        <translation>{0}（可離線使用）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0} (downloads once)</source>
        <translation>{0}（需下載一次）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0}, English only</source>
        <translation>{0}，僅限英語</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Preferences</source>
        <translation>偏好設定</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>A model name, a CTranslate2 folder or a Hugging Face id</source>
        <translation>模型名稱、CTranslate2 資料夾或 Hugging Face ID</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Automatic (GPUs if usable)</source>
        <translation>自動（可用時使用 GPU）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Device</source>
        <translation>裝置</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>all GPUs, or e.g. 0,1</source>
        <translation>所有 GPU，或例如 0,1</translation>
    </message>
    <message>
        <location line="+17"/>
        <location line="+2"/>
        <source>GPUs</source>
        <translation>GPU</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No usable CUDA GPU found: the CPU is used.</source>
        <translation>找不到可用的 CUDA GPU：將使用 CPU。</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+6"/>
        <source>automatic</source>
        <translation>自動</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>CPU worker processes, or workers per GPU</source>
        <translation>CPU 工作程序數，或每個 GPU 的工作程序數</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Workers</source>
        <translation>工作程序</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Compute type</source>
        <translation>運算類型</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>detect</source>
        <translation>自動偵測</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>detect: the file&apos;s language is found from its first speech, and a stretch clearly in another language is written in its own. A language chosen here is used for every line.</source>
        <translation>偵測：從開頭的語音判斷檔案的語言；明顯是另一種語言的段落會以該語言寫出。在此選擇的語言會用於每一句。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Language</source>
        <translation>語言</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Transcribe</source>
        <translation>轉錄</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Translate to English</source>
        <translation>翻譯成英文</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Task</source>
        <translation>工作</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Lower finds quieter speech; higher ignores more noise</source>
        <translation>較低可偵測較小聲的語音；較高會忽略更多雜音</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Speech detection threshold</source>
        <translation>語音偵測閾值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Find quiet speech beside loud speech</source>
        <translation>找出大聲語音旁的小聲語音</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A line spoken far under the lines beside it (a whisper after a shout) is looked for and raised before the model hears it; quiet sound all through a pause is taken for background and left as it is. Turn it off to transcribe the audio at its own levels.</source>
        <translation>比前後台詞小聲許多的一句話（例如大喊之後的耳語）會被找出並放大，再交給模型辨識；整段停頓都有的小聲聲音會被視為背景，保持原樣。關閉此項則依音訊原本的音量辨識。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>mark none</source>
        <translation>不標示</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Words the model gave a lower probability are underlined in the editor (F8 goes to the next one). Higher marks more words; 0 marks none.</source>
        <translation>模型給出的機率低於此值的字詞會在編輯器中加上底線（按 F8 跳到下一個）。數值越高標示的字詞越多；0 表示不標示。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Mark words below this probability:</source>
        <translation>標示機率低於此值的字詞：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Automatic (the Netflix guide of each file&apos;s language)</source>
        <translation>自動（依各檔案語言的 Netflix 規範）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Chinese gets the Traditional Chinese (Taiwan) guide; languages without a guide of their own get the English one</source>
        <translation>中文使用繁體中文（台灣）規範；沒有專屬規範的語言使用英文規範</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{0} characters a line, {1} characters a second</source>
        <translation>每行 {0} 字，每秒 {1} 字</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Subtitle rules</source>
        <translation>字幕規範</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Automatic</source>
        <translation>自動</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Traditional, Taiwan (s2twp)</source>
        <translation>繁體，台灣用語 (s2twp)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Traditional (s2t)</source>
        <translation>繁體 (s2t)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Simplified (t2s)</source>
        <translation>簡體 (t2s)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Leave as transcribed</source>
        <translation>維持轉錄結果</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Chinese script</source>
        <translation>中文繁簡轉換</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep every word (verbatim)</source>
        <translation>保留每個字（逐字）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Without it, a cue that still reads faster than the rules allow loses its fillers (&quot;um&quot;, a &quot;you know&quot; set off by commas; English only), as the Netflix style guides allow, and the status bar says which.</source>
        <translation>未勾選時，若字幕仍超過規則允許的閱讀速度，會省略其中的贅詞（「um」、以逗號隔開的「you know」；僅限英文），這是 Netflix 風格指南允許的做法，狀態列會說明省略了哪些。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Custom limits</source>
        <translation>自訂限制</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Vocabulary</source>
        <translation>詞彙</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Export when a file finishes</source>
        <translation>檔案完成時匯出</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>next to the media file</source>
        <translation>與媒體檔案相同的位置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose…</source>
        <translation>選擇…</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+108"/>
        <source>Export folder</source>
        <translation>匯出資料夾</translation>
    </message>
    <message>
        <location line="-103"/>
        <source>Automatic (system)</source>
        <translation>自動（依系統設定）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Takes effect the next time Whisper for Subs starts</source>
        <translation>下次啟動 Whisper for Subs 時生效</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Interface language</source>
        <translation>介面語言</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>General</source>
        <translation>一般</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Engine</source>
        <translation>引擎</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shortcuts</source>
        <translation>快速鍵</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Full-width characters count 1, half-width 0.5</source>
        <translation>全形字元算 1 個字，半形算 0.5 個</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Characters per line</source>
        <translation>每行字數</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lines</source>
        <translation>行數</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Characters per second</source>
        <translation>每秒字數</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shortest cue</source>
        <translation>最短字幕</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Longest cue</source>
        <translation>最長字幕</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gap between cues</source>
        <translation>字幕間隔</translation>
    </message>
</context>
<context>
    <name>ShiftDialog</name>
    <message>
        <location filename="../../gui/views/retime_dialogs.py" line="+75"/>
        <source>Shift times</source>
        <translation>平移時間</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;All cues</source>
        <translation>所有字幕(&amp;A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Selected cues</source>
        <translation>選取的字幕(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>From the &amp;current cue on</source>
        <translation>從目前字幕開始往後(&amp;C)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Cues</source>
        <translation>字幕</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Milliseconds</source>
        <translation>毫秒(&amp;M)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Frames</source>
        <translation>影格(&amp;F)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Negative values move the cues earlier</source>
        <translation>負值會讓字幕提前</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> frames</source>
        <translation> 格</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>By (negative: earlier)</source>
        <translation>位移量（負值：提前）</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Not a frame rate: %s</source>
        <translation>不是有效的影格速率：%s</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Moves by %s</source>
        <translation>位移 %s</translation>
    </message>
</context>
<context>
    <name>ShortcutsPage</name>
    <message>
        <location filename="../../gui/views/shortcuts_page.py" line="+62"/>
        <source>Command</source>
        <translation>指令</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Shortcut</source>
        <translation>快速鍵</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Press the new key combination for the chosen command</source>
        <translation>請按下所選指令的新組合鍵</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;No key</source>
        <translation>不設按鍵(&amp;N)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Take the chosen command&apos;s keys away</source>
        <translation>移除所選指令的按鍵</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Default</source>
        <translation>預設值(&amp;D)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Give the chosen command its original keys</source>
        <translation>將所選指令恢復為原本的按鍵</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>New key:</source>
        <translation>新按鍵：</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>{0} is already the shortcut of “{1}”. Choose another key, or give “{1}” another key first.</source>
        <translation>{0} 已經是「{1}」的快速鍵。請選擇其他按鍵，或先為「{1}」指定其他按鍵。</translation>
    </message>
</context>
<context>
    <name>SubtitleFiles</name>
    <message>
        <location filename="../../gui/subtitle_files.py" line="+126"/>
        <source>Choose the language</source>
        <translation>選擇語言</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0} holds subtitles in {1} languages. Which one do you want to edit?</source>
        <translation>{0} 含有 {1} 種語言的字幕。要編輯哪一種？</translation>
    </message>
    <message>
        <location line="+158"/>
        <source>{0} has no cue with text: nothing was imported. The file is empty or is not a subtitle file.</source>
        <translation>{0} 沒有含文字的字幕：未匯入任何內容。這個檔案是空的，或不是字幕檔。</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+13"/>
        <source>Cannot import subtitles</source>
        <translation>無法匯入字幕</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>{0} cannot be read: {1}. Check that the file exists and that you may read it.</source>
        <translation>無法讀取 {0}：{1}。請確認檔案存在且您有讀取權限。</translation>
    </message>
    <message>
        <location filename="../../gui/subtitle_export.py" line="+68"/>
        <location line="+22"/>
        <source>Export failed</source>
        <translation>匯出失敗</translation>
    </message>
    <message>
        <location line="-18"/>
        <source>Save as {0}</source>
        <translation>另存為 {0}</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>{0} of {1} cues have no translation and are left out (the first at {2})</source>
        <translation>{1} 句字幕中有 {0} 句沒有譯文，已略去（第一句在 {2}）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Export loses styling</source>
        <translation>匯出會遺失樣式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0} cannot hold everything these subtitles have:</source>
        <translation>{0} 無法保留這些字幕的所有內容：</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Export anyway</source>
        <translation>仍要匯出</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Choose another format</source>
        <translation>選擇其他格式</translation>
    </message>
</context>
<context>
    <name>SyncDialog</name>
    <message>
        <location filename="../../gui/views/retime_dialogs.py" line="+18"/>
        <source>Two-point sync</source>
        <translation>兩點同步</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>First cue:</source>
        <translation>第一句字幕：</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+2"/>
        <source>…should start at:</source>
        <translation>…應開始於：</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Second cue:</source>
        <translation>第二句字幕：</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Enter both start times as hh:mm:ss.mmm</source>
        <translation>請以 hh:mm:ss.mmm 格式輸入兩個開始時間</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The first cue would start at %s, before the beginning</source>
        <translation>第一句字幕會在 %s 開始，早於影片開頭</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Factor %s, offset %s</source>
        <translation>倍率 %s，位移 %s</translation>
    </message>
</context>
<context>
    <name>UndoCommand</name>
    <message>
        <location filename="../../gui/edit_controller.py" line="-67"/>
        <source>Cannot do “{0}”: {1}</source>
        <translation>無法執行「{0}」：{1}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cannot undo “{0}”: {1}</source>
        <translation>無法復原「{0}」：{1}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cannot redo “{0}”: {1}</source>
        <translation>無法重做「{0}」：{1}</translation>
    </message>
    <message>
        <location filename="../../gui/commands.py" line="+122"/>
        <source>Edit text</source>
        <translation>編輯文字</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Edit translation</source>
        <translation>編輯譯文</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Change times</source>
        <translation>變更時間</translation>
    </message>
</context>
<context>
    <name>VocabularyFields</name>
    <message>
        <location filename="../../gui/views/vocabulary_fields.py" line="+25"/>
        <source>e.g. Mikael, Kubernetes</source>
        <translation>例如 Mikael, Kubernetes</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Names and terms the model should spell as written, separated by commas</source>
        <translation>模型應照所寫拼出的名稱與術語，以逗號分隔</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Names and terms</source>
        <translation>名稱與術語</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+11"/>
        <source>none</source>
        <translation>無</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>Text the model reads as if it was said just before each part of the file: names, terms, and the punctuation and spelling to follow</source>
        <translation>模型當作在檔案每一段之前說過的文字：名稱、術語，以及要依循的標點與拼寫</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Prompt</source>
        <translation>提示文字</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>A UTF-8 text file with one replacement a line, e.g. Kubernetis → Kubernetes (-&gt; and =&gt; work too; # starts a comment). Whole words, case as written.</source>
        <translation>UTF-8 文字檔，每行一個取代，例如 Kubernetis → Kubernetes（也可用 -&gt; 或 =&gt;；# 開頭為註解）。只取代整個詞，大小寫依所寫。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Choose…</source>
        <translation>選擇…</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+39"/>
        <source>Glossary</source>
        <translation>詞彙表</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Text files (*.txt);;All files (*)</source>
        <translation>文字檔 (*.txt);;所有檔案 (*)</translation>
    </message>
</context>
<context>
    <name>WaveformView</name>
    <message>
        <location filename="../../gui/views/waveform.py" line="+134"/>
        <source>Left click: the selected cue starts here. Right click: it ends here.
Drag an edge to move it, a cue to move it, empty space to make a new cue.
Middle click: move the playhead. Middle drag: scroll. Wheel: zoom.</source>
        <translation>左鍵：選取的字幕從這裡開始。右鍵：在這裡結束。
拖曳邊緣可移動該邊，拖曳字幕可移動整句，拖曳空白處可建立新字幕。
中鍵按一下：移動播放頭。中鍵拖曳：捲動。滾輪：縮放。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Ctrl+left click: select the cue under the pointer.</source>
        <translation>Ctrl+左鍵：選取指標下的字幕。</translation>
    </message>
    <message>
        <location line="+131"/>
        <source>Not transcribed: {0}</source>
        <translation>未能轉錄：{0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not transcribed</source>
        <translation>未能轉錄</translation>
    </message>
    <message>
        <location filename="../../gui/views/waveform_timing.py" line="+53"/>
        <source>Ctrl+click selects the cue under the pointer.</source>
        <translation>Ctrl+按一下可選取指標下的字幕。</translation>
    </message>
</context>
</TS>
